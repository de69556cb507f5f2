package cn.shencha.jobs.config;

import cn.shencha.rules.SecrecyAnalyzer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The analyzer every job uses: the configured rule-pack directory, else the default pack. */
@Configuration(proxyBeanMethods = false)
public class RulesConfiguration {

    @Bean
    public SecrecyAnalyzer secrecyAnalyzer(ShenchaProperties properties) {
        return properties.rules().directory() == null ? SecrecyAnalyzer.withDefaultPack()
                : SecrecyAnalyzer.fromPackDirectory(properties.rules().directory());
    }
}
