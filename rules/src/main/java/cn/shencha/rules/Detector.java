package cn.shencha.rules;

import java.util.List;

/** Finds one category's problems in a text. Implementations are stateless and thread-safe. */
interface Detector {
    void detect(TextContext text, RulePack pack, List<Finding> out);
}
