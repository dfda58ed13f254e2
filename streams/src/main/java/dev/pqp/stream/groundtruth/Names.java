package dev.pqp.stream.groundtruth;

import dev.pqp.topology.store.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a join task's compact entries refer to by number: model versions and class labels, numbered in
 * the order the task first met them, kept in a logged table so that a restored task reads its entries back.
 * At most {@link #CAPACITY} names; past that, {@link #index} says so and the entry carries the name itself.
 * Business outcome names are numbered among themselves too, from 0 in the order met: an entry marks the outcomes
 * its prediction got by these numbers, as bits of a long, so at most {@link #OUTCOMES} of them.
 */
final class Names {
  static final int CAPACITY = 1 << 16;
  /** Outcome names a task numbers: the bits of a long. */
  static final int OUTCOMES = 64;
  /** Prefixes of the two kinds of names in the table. */
  private static final char VERSION = 'v';
  private static final char CLASS = 'c';
  private static final char OUTCOME = 'o';
  private static final char SEPARATOR = '\0';

  private final Table<String, Long> table;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  /** Each number's name without its prefix, split into model and version for versions: read per label. */
  private final List<String> firsts = new ArrayList<>();
  private final List<String> seconds = new ArrayList<>();
  /** The last version asked for and its number: a task sees few versions, mostly the same one in a row. */
  /** The outcome number of each name's number, -1 for the names that are not outcomes. */
  private final List<Integer> outcomeBits = new ArrayList<>();
  private int outcomes;
  private String lastModel;
  private String lastVersion;
  private int lastNumber;

  Names(Table<String, Long> table) {
    this.table = table;
    Map<Integer, String> byNumber = new HashMap<>();
    table.forEach((name, n) -> byNumber.put(n.intValue(), name));
    for (int i = 0; i < byNumber.size(); i++) {
      String name = byNumber.get(i);
      if (name == null) {
        throw new IllegalStateException("the join's names skip number " + i + " of " + byNumber.size());
      }
      add(name);
    }
  }

  /** The number of a model version; -1 when the table is full. */
  int version(String model, String version) {
    if (model.equals(lastModel) && version.equals(lastVersion)) {
      return lastNumber;
    }
    int n = index(VERSION + model + SEPARATOR + version);
    if (n >= 0) {
      lastModel = model;
      lastVersion = version;
      lastNumber = n;
    }
    return n;
  }

  /** The number of a class label; -1 when the table is full. */
  int label(String label) {
    return index(CLASS + label);
  }

  /** The bit of outcome {@code name}, 0 to {@link #OUTCOMES} - 1; -1 when the task numbers as many already. */
  int outcome(String name) {
    String key = OUTCOME + name;
    Integer i = index.get(key);
    if (i != null) {
      return outcomeBits.get(i);
    }
    if (outcomes >= OUTCOMES) {
      return -1;
    }
    int n = index(key);
    return n < 0 ? -1 : outcomeBits.get(n);
  }

  /** The model of the version numbered {@code n}. */
  String model(int n) {
    return firsts.get(n);
  }

  /** The version (without its model) numbered {@code n}. */
  String version(int n) {
    return seconds.get(n);
  }

  /** The class label numbered {@code n}. */
  String label(int n) {
    return firsts.get(n);
  }

  private int index(String name) {
    Integer i = index.get(name);
    if (i != null) {
      return i;
    }
    if (names.size() >= CAPACITY) {
      return -1;
    }
    int n = add(name);
    table.put(name, (long) n);
    return n;
  }

  private int add(String name) {
    int n = names.size();
    names.add(name);
    index.put(name, n);
    int separator = name.indexOf(SEPARATOR);
    boolean version = name.charAt(0) == VERSION && separator > 0;
    firsts.add(version ? name.substring(1, separator) : name.substring(1));
    outcomeBits.add(name.charAt(0) == OUTCOME ? outcomes++ : -1);
    seconds.add(version ? name.substring(separator + 1) : null);
    return n;
  }
}
