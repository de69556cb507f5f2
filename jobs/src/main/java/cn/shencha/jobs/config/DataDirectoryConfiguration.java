package cn.shencha.jobs.config;

import cn.shencha.writers.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;

/**
 * Before any bean is made: the data directory is created 0700 and what is under it narrowed to its owner
 * ({@link PrivateFiles}); the embedded H2 database is opened through {@link LocalDatabase} (a non-administrator user,
 * no AUTO_SERVER, shared over loopback with this account's other processes only).
 */
@Configuration(proxyBeanMethods = false)
public class DataDirectoryConfiguration {

    @Bean
    static DataDirectoryGuard shenchaDataDirectoryGuard() {
        return new DataDirectoryGuard();
    }

    @Bean
    static LocalDatabaseSource shenchaLocalDatabase() {
        return new LocalDatabaseSource();
    }

    /** Creates DATA 0700 and narrows every directory under it to 0700 and every file to 0600. */
    static final class DataDirectoryGuard implements BeanFactoryPostProcessor, EnvironmentAware {
        private static final Logger log = LoggerFactory.getLogger(DataDirectoryGuard.class);
        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            String value = environment.getProperty("shencha.data");
            if (value == null || value.isBlank()) {
                return;
            }
            Path data = Path.of(value).toAbsolutePath().normalize();
            PrivateFiles.directories(data);
            int changed = PrivateFiles.secureTree(data);
            if (changed > 0) {
                log.info("Restricted {} file(s) and directories under {} to their owner (0600/0700)", changed, data);
            }
        }
    }

    /** Points the data source at the embedded H2 database as {@link LocalDatabase} opens it; closes it with the context. */
    static final class LocalDatabaseSource implements BeanPostProcessor, DisposableBean {
        private LocalDatabase database;

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof DataSourceProperties p && LocalDatabase.isEmbeddedFile(p.getUrl())
                    && (p.getPassword() == null || p.getPassword().isEmpty()) && database == null) {
                database = LocalDatabase.open(p.getUrl());
                p.setUrl(database.access().url());
                p.setUsername(database.access().user());
                p.setPassword(database.access().password());
            }
            return bean;
        }

        @Override
        public void destroy() {
            if (database != null) {
                database.close();
            }
        }
    }
}
