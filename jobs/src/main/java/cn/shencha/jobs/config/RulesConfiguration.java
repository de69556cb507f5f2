package cn.shencha.jobs.config;

import cn.shencha.rules.Registries;
import cn.shencha.rules.SecrecyAnalyzer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The analyzer every job uses: the configured rule-pack directory, else the default pack. */
@Configuration(proxyBeanMethods = false)
public class RulesConfiguration {

    @Bean
    public SecrecyAnalyzer secrecyAnalyzer(ShenchaProperties properties) {
        ShenchaProperties.Rules rules = properties.rules();
        SecrecyAnalyzer analyzer = rules.directory() == null ? SecrecyAnalyzer.withDefaultPack()
                : SecrecyAnalyzer.fromPackDirectory(rules.directory());
        if (rules.publishedFigures() == null && rules.caseRegistry() == null) {
            return analyzer;
        }
        return analyzer.withRegistries(Registries.load(rules.publishedFigures(), rules.caseRegistry()));
    }
}
