package dev.pqp.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Names that look meant for pqp but that it does not know: {@code PQP_*} environment variables that are no
 * setting, and Kafka properties no Kafka Streams, consumer, producer or admin client reads. Both would
 * otherwise be ignored without a word; each gets a warning with the nearest known name.
 */
final class SettingNames {
  private static final String ENV_PREFIX = "PQP_";
  private static final String KAFKA_ENV_PREFIX = "PQP_KAFKA_";
  /** Environment variables of the container image that are not settings. */
  private static final Set<String> NOT_SETTINGS = Set.of("PQP_JAVA_OPTS", "PQP_HOME");
  /** The prefixes Kafka Streams passes on to one client or to its internal topics. */
  private static final List<String> CLIENT_PREFIXES = List.of("main.consumer.", "restore.consumer.", "global.consumer.",
      "consumer.", "producer.", "admin.", "topic.");

  private SettingNames() {}

  /** A warning per unknown {@code PQP_*} variable of {@code env} and per unknown Kafka property of {@code kafka}. */
  static List<String> warnings(Map<String, String> env, Collection<String> kafka) {
    List<String> out = new ArrayList<>();
    Set<String> envNames = new TreeSet<>();
    for (ConfigKey k : ConfigKey.values()) {
      envNames.add(k.envName());
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX) && !name.startsWith(KAFKA_ENV_PREFIX) && !envNames.contains(name)
          && !NOT_SETTINGS.contains(name)) {
        out.add("environment variable " + name + " is not a pqp setting and is ignored; did you mean "
            + nearest(name, envNames) + "? (Kafka properties go in PQP_KAFKA_*)");
      }
    }
    Set<String> known = kafkaNames();
    for (String property : new TreeSet<>(kafka)) {
      String bare = withoutClientPrefix(property);
      if (!known.contains(bare)) {
        out.add("Kafka property '" + property + "' is not read by Kafka Streams or its clients and is ignored; did you mean '"
            + nearest(bare, known) + "'?");
      }
    }
    return out;
  }

  private static String withoutClientPrefix(String property) {
    for (String p : CLIENT_PREFIXES) {
      if (property.startsWith(p)) {
        return property.substring(p.length());
      }
    }
    return property;
  }

  private static Set<String> kafkaNames() {
    Set<String> names = new TreeSet<>(StreamsConfig.configDef().names());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(ProducerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    names.addAll(topicConfigs());
    return names;
  }

  private static Set<String> topicConfigs() {
    Set<String> out = new TreeSet<>();
    for (var f : org.apache.kafka.common.config.TopicConfig.class.getFields()) {
      if (f.getName().endsWith("_CONFIG") && f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          // a public static field: cannot happen
        }
      }
    }
    return out;
  }

  /** Every setting's key. */
  static Set<String> keys() {
    Set<String> out = new TreeSet<>();
    for (ConfigKey k : ConfigKey.values()) {
      out.add(k.key());
    }
    return out;
  }

  /** The candidate with the smallest edit distance (case-insensitive). */
  static String nearest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String n = name.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(n, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
