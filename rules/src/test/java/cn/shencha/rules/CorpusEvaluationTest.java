package cn.shencha.rules;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules against the labeled dev corpus and the real published documents found by {@link ReferenceTexts}, with floors
 * set from what the rules achieve (rules/README.md has the table). Issue 3's acceptance: F1 ≥ 0.90 everywhere, recall
 * ≥ 0.95 for four categories, at most 1 finding per 100,000 characters of real published text.
 */
class CorpusEvaluationTest {

    static Path corpus(String name) {
        return ReferenceTexts.require("corpus/" + name);
    }

    static List<Evaluation.LabeledText> read(Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Evaluation.LabeledText> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            List<Category> labels = null;
            if (n.has("labels")) {
                labels = new ArrayList<>();
                for (JsonNode l : n.get("labels")) {
                    labels.add(Category.valueOf(l.asString()));
                }
            }
            List<String> evidence = new ArrayList<>();
            if (n.has("evidence")) {
                n.get("evidence").forEach(e -> evidence.add(e.asString()));
            }
            Importance importance = n.has("importance") && !n.get("importance").isNull()
                    ? Importance.valueOf(n.get("importance").asString()) : null;
            List<String> subtypes = null;
            if (n.has("subtypes")) {
                subtypes = new ArrayList<>();
                for (JsonNode st : n.get("subtypes")) {
                    subtypes.add(st.asString());
                }
            }
            out.add(new Evaluation.LabeledText(n.get("id").asString(), n.get("text").asString(), labels, evidence, importance,
                    n.has("script") ? n.get("script").asString() : null, subtypes));
        }
        return out;
    }

    @Test
    void devCorpusMeetsTheFloors() throws IOException {
        Evaluation.Report r = Evaluation.run(SecrecyAnalyzer.withDefaultPack(), read(corpus("dev.jsonl")));
        System.out.print(r.table());
        r.byCategory().forEach((category, score) -> {
            assertThat(score.f1()).as(category + " F1").isGreaterThanOrEqualTo(0.97);
        });
        for (Category c : List.of(Category.PENDING_CASE, Category.ECON_UNRELEASED, Category.RESTRICTED_DOC, Category.INTERNAL_SECRET)) {
            assertThat(r.byCategory().get(c).recall()).as(c + " recall").isGreaterThanOrEqualTo(0.95);
        }
        assertThat(r.evidenceHitRate()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.importanceAccuracy()).isGreaterThanOrEqualTo(0.95);
        r.byScript().forEach((script, score) -> assertThat(score.f1()).as(script).isGreaterThanOrEqualTo(0.97));
    }

    @Test
    void realPublishedDocumentsRaiseAtMostOneFindingPer100kChars() throws IOException {
        Evaluation.Report r = Evaluation.run(SecrecyAnalyzer.withDefaultPack(), read(corpus("real-clean.jsonl")));
        System.out.print(r.table());
        assertThat(r.findingsPer100kChars()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void governmentTextAtScaleRaisesAtMostOneFindingPer100kChars() throws IOException {
        // 618 published documents of state organs (work reports 1954–2025, State Council and ministry documents):
        // reproduced historical documents, self-released figures, policy prose on procedures are not findings
        Evaluation.Report r = Evaluation.run(SecrecyAnalyzer.withDefaultPack(), read(corpus("gov-text.jsonl")));
        System.out.print(r.table());
        assertThat(r.findingsPer100kChars()).isLessThanOrEqualTo(1.0);
    }

    /**
     * Floors on the project corpus's validation part (reference/corpus/validation.jsonl, or its validation-*.jsonl
     * pieces), which the rules were never tuned on: per-category F1 and recall, and traditional within
     * {@value #SCRIPT_GAP} of simplified. They are what the rules achieve there (rules/README.md), a little below, so a
     * change that loses ground on text nobody tuned on fails here; issue 14's acceptance (F1 0.90 everywhere, recall
     * 0.95 for four categories) is above several of them and not yet met. The tune part must do at least as well.
     */
    static final java.util.Map<Category, Double> VALIDATION_F1 = java.util.Map.of(
            Category.ECON_UNRELEASED, 0.88, Category.HISTORY_WORDING, 0.88, Category.PENDING_CASE, 0.81,
            Category.RESTRICTED_DOC, 0.84, Category.INTERNAL_SECRET, 0.88, Category.PERSONAL_INFO, 0.85,
            Category.COMMERCIAL_AD, 0.52, Category.HIDDEN_LINK, 0.82);
    static final java.util.Map<Category, Double> VALIDATION_RECALL = java.util.Map.of(
            Category.ECON_UNRELEASED, 0.87, Category.PENDING_CASE, 0.71, Category.RESTRICTED_DOC, 0.77,
            Category.INTERNAL_SECRET, 0.81);
    static final double SCRIPT_GAP = 0.03;

    @Test
    void validationPartMeetsTheFloors() throws IOException {
        assertFloors("validation");
    }

    @Test
    void tunePartMeetsTheFloors() throws IOException {
        assertFloors("tune");
    }

    private static void assertFloors(String part) throws IOException {
        List<Path> files = ReferenceTexts.corpusPart(part);
        org.junit.jupiter.api.Assumptions.assumeFalse(files.isEmpty(),
                "no " + part + " part of the project corpus (reference/corpus/" + part + ".jsonl) in this checkout");
        List<Evaluation.LabeledText> texts = new ArrayList<>();
        for (Path f : files) {
            texts.addAll(read(f));
        }
        Evaluation.Report r = Evaluation.run(SecrecyAnalyzer.withDefaultPack(), texts);
        System.out.println("== " + part + " " + files);
        System.out.print(r.table());
        VALIDATION_F1.forEach((c, floor) -> assertThat(r.byCategory().get(c).f1()).as(part + " " + c + " F1").isGreaterThanOrEqualTo(floor));
        VALIDATION_RECALL.forEach((c, floor) -> assertThat(r.byCategory().get(c).recall()).as(part + " " + c + " recall").isGreaterThanOrEqualTo(floor));
        Evaluation.Score simplified = r.byScript().get("simplified");
        Evaluation.Score traditional = r.byScript().get("traditional");
        if (simplified != null && traditional != null) {
            assertThat(traditional.f1()).as(part + " traditional F1 within " + SCRIPT_GAP + " of simplified")
                    .isGreaterThanOrEqualTo(simplified.f1() - SCRIPT_GAP);
        }
    }

    @Test
    void theRegulationYieldsItsInjectedSpamAndNoFalseSecrecyFinding() throws IOException {
        Path regulation = ReferenceTexts.require("domain/regulation.txt");
        Analysis a = SecrecyAnalyzer.withDefaultPack().analyze(Files.readString(regulation, StandardCharsets.UTF_8));
        assertThat(a.labels()).contains(Category.HIDDEN_LINK)
                .doesNotContain(Category.RESTRICTED_DOC, Category.ECON_UNRELEASED, Category.PENDING_CASE);
    }
}
