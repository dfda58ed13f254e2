package dev.pqp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

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

  /**
   * Compacts every RocksDB database of {@code store} in place (a segmented store has one per segment), with
   * RocksDB itself, after pqp closed it: RocksDB merges the versions of a key written more than once (a
   * prediction waiting, then marked joined), which it does by itself only once enough files have piled up.
   */
  static void compact(Path appDir, String store) throws IOException {
    if (!Files.isDirectory(appDir)) {
      return;
    }
    RocksDB.loadLibrary();
    try (Stream<Path> tasks = Files.list(appDir)) {
      for (Path task : tasks.toList()) {
        for (Path dir : new Path[] {task.resolve("rocksdb").resolve(store), task.resolve(store)}) {
          if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
              for (Path db : all.filter(d -> Files.isRegularFile(d.resolve("CURRENT"))).toList()) {
                compactOne(db);
              }
            }
          }
        }
      }
    }
  }

  private static void compactOne(Path db) throws IOException {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    // the files written as Kafka Streams' RocksDBStore writes them: no compression, 4 KiB blocks, a Bloom
    // filter, universal compaction (RocksDB's defaults would compress and leave the filter out)
    try (Options options = new Options(); DBOptions dbOptions = new DBOptions();
        ColumnFamilyOptions cf = new ColumnFamilyOptions()
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setCompactionStyle(CompactionStyle.UNIVERSAL)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockSize(4096L).setFilterPolicy(new BloomFilter()))) {
      List<ColumnFamilyDescriptor> families = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, db.toString())) {
        families.add(new ColumnFamilyDescriptor(name, cf));
      }
      try (RocksDB rocks = RocksDB.open(dbOptions, db.toString(), families, handles)) {
        for (ColumnFamilyHandle h : handles) {
          rocks.compactRange(h);
        }
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot compact " + db + ": " + e.getMessage(), e);
    }
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
