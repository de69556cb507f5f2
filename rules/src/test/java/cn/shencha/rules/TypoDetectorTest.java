package cn.shencha.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The TYPO detector on sentences written for these tests, what it never corrects, and the typo evaluation's counts. */
class TypoDetectorTest {

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    private List<Finding> typos(SecrecyAnalyzer a, String text) {
        return a.analyze(text).findings().stream().filter(f -> f.category() == Category.TYPO).toList();
    }

    @Test
    void aMistypedCharacterIsFoundWithItsCorrection() {
        List<Finding> found = typos(analyzer, "区政府召开常务会议，研究部署安全生厂工作。");
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.rule()).isEqualTo("TYPO-CHAR");
        assertThat(f.text()).isEqualTo("厂");
        assertThat(f.start()).isEqualTo("区政府召开常务会议，研究部署安全生厂工作。".indexOf('厂'));
        assertThat(f.end()).isEqualTo(f.start() + 1);
        assertThat(f.suggestion()).isEqualTo("产");
        assertThat(f.explanation()).contains("建议改为“产”");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "文中“安全生厂”应为“安全生产”。",                           // a quoted wrong form
            "研究部署安全生厂工作，安全生厂工作要抓实。",                 // the same form twice: meant
            "各地要坚持以人民为中心，切实保障和改善民生，加快建设服务型政府。",
            "推动经济高质量发展，加快建设现代化产业体系。",
            "本次会议由区财政局局长主持，区委书记陈立新出席。",
            "（2026）云0102民初331号案件已审结。"})
    void notCorrected(String text) {
        assertThat(typos(analyzer, text)).isEmpty();
    }

    @Test
    void registeredTermsAreNeverCorrected() {
        RulePack.Source defaults = SecrecyAnalyzer.defaultPackSource();
        RulePack pack = RulePack.parse(List.of(new RulePack.Source("pack.yml",
                defaults.yaml().replace("  protected_terms: []", "  protected_terms: [生厂工作]"))));
        TextContext t = new TextContext(NormalizedText.of("研究部署安全生厂工作。"),
                pack.lexicon().scan(NormalizedText.fold("研究部署安全生厂工作。")), List.of());
        List<Finding> out = new java.util.ArrayList<>();
        new TypoDetector().detect(t, pack, out);
        assertThat(out).isEmpty();
        RulePack plain = RulePack.parse(List.of(defaults));
        new TypoDetector().detect(new TextContext(NormalizedText.of("研究部署安全生厂工作。"),
                plain.lexicon().scan(NormalizedText.fold("研究部署安全生厂工作。")), List.of()), plain, out);
        assertThat(out).extracting(Finding::suggestion).containsExactly("产");
    }

    @Test
    void namesAndDocumentNumbersAreProtected() {
        String s = "国办发〔2018〕123号文件要求，区长张三丰主持会议。";
        BitSet p = TypoDetector.protectedChars(s, List.of(new TypoDetector.Correction(s.indexOf('三'), '三', '山', 20)), List.of());
        assertThat(p.get(s.indexOf('三'))).as("a person's name").isTrue();
        assertThat(p.get(s.indexOf('1'))).as("a document number").isTrue();
        assertThat(p.get(s.indexOf('会'))).isFalse();
    }

    @Test
    void typoEvaluationCountsSentencesAndCharacters() {
        List<TypoEvaluation.TypoText> texts = List.of(
                new TypoEvaluation.TypoText("a", "甲乙丙丁", Map.of(1, "x")),          // found exactly: sentence right
                new TypoEvaluation.TypoText("b", "甲乙丙丁", Map.of(1, "x", 2, "y")),  // one of two: sentence wrong
                new TypoEvaluation.TypoText("c", "甲乙丙丁", Map.of()),                // typo-free, flagged
                new TypoEvaluation.TypoText("d", "戊己庚辛", Map.of()));               // typo-free, clean
        Map<String, Map<Integer, String>> predictions = Map.of("甲乙丙丁", new TreeMap<>(Map.of(1, "x")), "戊己庚辛", Map.of());
        TypoEvaluation.Report r = TypoEvaluation.run(predictions::get, texts);
        assertThat(r.sentenceDetection().correct()).isEqualTo(1);
        assertThat(r.sentenceDetection().predicted()).isEqualTo(3);
        assertThat(r.sentenceDetection().actual()).isEqualTo(2);
        assertThat(r.charLevel().correct()).isEqualTo(2);
        assertThat(r.charLevel().predicted()).isEqualTo(3);
        assertThat(r.charLevel().actual()).isEqualTo(3);
        assertThat(r.typoFree()).isEqualTo(2);
        assertThat(r.typoFreeFlagged()).isEqualTo(1);
        assertThat(r.typoFreeFlaggedShare()).isEqualTo(0.5);
        assertThat(r.table()).contains("sentence (detection)").contains("typo-free sentences flagged: 1 of 2 (0.500)");
    }
}
