package cn.shencha.jobs.duty;

import java.time.LocalTime;
import java.util.Locale;

/** The three daily readings of ch. 6 (每天早、中、晚三次): a reading's slot follows from its time of day. */
public enum Slot {
    MORNING("早"),
    NOON("中"),
    EVENING("晚");

    private final String chineseName;

    Slot(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** Before 12:00 早, before 18:00 中, else 晚 (the default readings are 08:00, 12:00 and 18:00). */
    public static Slot of(LocalTime time) {
        if (time.getHour() < 12) {
            return MORNING;
        }
        return time.getHour() < 18 ? NOON : EVENING;
    }

    /** Parses MORNING/NOON/EVENING or 早/中/晚 (also 上午, 中午, 下午, 晚上). */
    public static Slot parse(String s) {
        String t = s == null ? "" : s.strip();
        for (Slot slot : values()) {
            if (slot.name().equalsIgnoreCase(t) || slot.chineseName.equals(t)) {
                return slot;
            }
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "上午", "早上", "am" -> MORNING;
            case "中午", "noon" -> NOON;
            case "下午", "晚上", "pm" -> EVENING;
            default -> throw new IllegalArgumentException("unknown slot '" + s + "' (早, 中, 晚 or MORNING, NOON, EVENING)");
        };
    }
}
