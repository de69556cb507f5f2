package cn.shencha.jobs;

import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Spring Boot application behind every command that needs the database or the search cluster. */
@SpringBootApplication
@EnableConfigurationProperties(ShenchaProperties.class)
public class ShenchaApplication {
}
