package io.invoiceroutes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The settings file as written (placeholders unresolved), for the decisions made before Camel starts. */
final class PropertiesFile {
    private PropertiesFile() {
    }

    /** Its properties, or none when the file does not exist. */
    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }
}
