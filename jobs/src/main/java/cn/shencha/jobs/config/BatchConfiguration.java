package cn.shencha.jobs.config;

import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Configuration;

/**
 * The job repository lives in the system-of-record database (schema created by Flyway), so every job restarts where
 * it stopped. Spring Batch 6's default repository keeps nothing, hence the explicit JDBC one.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager")
public class BatchConfiguration {
}
