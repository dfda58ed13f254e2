package dev.pqp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The bytes a RocksDB store takes on the local disk: its files in every task directory of an application's
 * state directory ({@code <state.dir>/<application.id>/<task>/rocksdb/<store>/}), what a user sizes the
 * state volume with.
 */
final class StoreFiles {
  private StoreFiles() {}

  static long bytes(Path appDir, String store) throws IOException {
    if (!Files.isDirectory(appDir)) {
      return 0;
    }
    long sum = 0;
    try (Stream<Path> tasks = Files.list(appDir)) {
      for (Path task : tasks.toList()) {
        // a key-value store lives under rocksdb/, a segmented (window) store's segments under its own name
        for (Path dir : new Path[] {task.resolve("rocksdb").resolve(store), task.resolve(store)}) {
          if (Files.isDirectory(dir)) {
            sum += size(dir);
          }
        }
      }
    }
    return sum;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }
}
