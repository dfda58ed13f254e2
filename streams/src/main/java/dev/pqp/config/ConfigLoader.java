package dev.pqp.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the three sources of settings into one flat map, later sources winning: a file (YAML with
 * nested keys, or {@code .properties}), the environment ({@code PQP_*}), then command-line flags.
 */
public final class ConfigLoader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
  private static final String KAFKA_PREFIX = "kafka.";
  private static final String KAFKA_ENV_PREFIX = "PQP_KAFKA_";

  private ConfigLoader() {}

  /** Builds the config; {@code file} may be null. Unknown keys and bad values throw {@link ConfigException}. */
  public static PqpConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      merged.putAll(readFile(file));
    }
    merged.putAll(fromEnv(env));
    merged.putAll(flags);
    for (String key : merged.keySet()) {
      if (!key.startsWith(KAFKA_PREFIX) && ConfigKey.byKey(key) == null) {
        throw new ConfigException("unknown setting '" + key + "'" + (file == null ? "" : " (from " + file + ")")
            + "; did you mean '" + SettingNames.nearest(key, SettingNames.keys()) + "'? `pqp settings` lists them all;"
            + " Kafka properties go under 'kafka.'");
      }
    }
    PqpConfig config = PqpConfig.from(merged);
    for (String warning : SettingNames.warnings(env, config.kafka().keySet())) {
      LOG.warn(warning);
    }
    return config;
  }

  static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.envName());
      if (v != null) {
        out.put(k.key(), v);
      }
    }
    env.forEach((name, value) -> {
      if (name.startsWith(KAFKA_ENV_PREFIX)) {
        String prop = name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        out.put(KAFKA_PREFIX + prop, value);
      }
    });
    return out;
  }

  static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file '" + file + "' does not exist or is not a file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".properties")) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
          p.load(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Map<String, String> out = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
          if (!root.isObject()) {
            throw new ConfigException("config file '" + file + "' must hold a mapping of settings");
          }
          flatten("", root, out);
        }
        return out;
      }
    } catch (IOException e) {
      throw new ConfigException("config file '" + file + "' cannot be read: " + e.getMessage());
    }
    throw new ConfigException("config file '" + file + "' must end in .yaml, .yml or .properties");
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        // under kafka.* the remaining key is a Kafka property: keep its dots as written
        String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        flatten(key, e.getValue(), out);
      }
    } else if (!node.isNull()) {
      out.put(prefix, node.isTextual() ? node.textValue() : node.toString());
    }
  }
}
