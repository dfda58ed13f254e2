package dev.pqp.bench;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The bytes a topic takes in the brokers' logs (every partition's segments, as the broker stores its record
 * batches: compressed, with their headers), from the brokers' log directory descriptions.
 */
final class LogSize {
  private LogSize() {}

  /** The log bytes of {@code topic} over every broker and log directory. */
  static long of(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      long bytes = 0;
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
            bytes += r.getKey().topic().equals(topic) ? r.getValue().size() : 0;
          }
        }
      }
      return bytes;
    }
  }
}
