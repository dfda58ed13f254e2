package dev.pqp.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One Markdown file of the docs, read as GitHub renders it: its tables, headings (anchors) and links. */
record Markdown(Path path, List<String> lines) {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  static Markdown read(Path path) {
    try {
      return new Markdown(path, Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The README, examples/README.md and every Markdown file under docs/ of the repository at {@code root}. */
  static List<Markdown> all(Path root) {
    List<Markdown> out = new ArrayList<>(List.of(read(root.resolve("README.md")),
        read(root.resolve("examples/README.md"))));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> out.add(read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  String text() {
    return String.join("\n", lines);
  }

  /** The lines outside fenced code blocks. */
  List<String> prose() {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * The first cell of every row of the table whose header line is {@code header}, up to the first line that is not a
   * row; fails when there is no such table.
   */
  List<String> firstCells(String header) {
    int at = lines.indexOf(header);
    if (at < 0) {
      throw new AssertionError(path + " has no table headed " + header);
    }
    List<String> out = new ArrayList<>();
    for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      out.add(lines.get(i).substring(1, lines.get(i).indexOf('|', 1)));
    }
    return out;
  }

  /** The texts in backticks of {@code cell}: `ml_model_accuracy`, `ml_model_f1_score` → both names. */
  static List<String> codeSpans(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The anchors of this file's headings, as GitHub makes them: lower case, punctuation dropped, spaces as hyphens. */
  Set<String> anchors() {
    Set<String> out = new LinkedHashSet<>();
    for (String line : prose()) {
      if (line.matches("#{1,6} .*")) {
        String title = line.replaceFirst("^#+ ", "").trim().toLowerCase(Locale.ROOT);
        out.add(title.replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
      }
    }
    return out;
  }

  /** The targets of this file's links outside code blocks that are not URLs: paths, with or without an anchor. */
  List<String> relativeLinks() {
    List<String> out = new ArrayList<>();
    for (String line : prose()) {
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        if (!m.group(1).matches("[a-z][a-z+.-]*:.*")) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }
}
