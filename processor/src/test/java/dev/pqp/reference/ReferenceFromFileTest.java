package dev.pqp.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.cli.Main;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.ProfileConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReferenceFromFileTest {
  private static final int ROWS = 5_000;
  private static final List<String> HEADER = List.of("prediction_id", "age", "income", "zip", "segment", "prior");

  @TempDir Path dir;

  /** Rows as a training file holds them, with awkward text and 2% missing in every column. */
  static List<Map<String, Object>> rows(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] segments = {"retail", "small, medium", "say \"enterprise\"", "two\nlines"};
    return IntStream.range(0, n).mapToObj(i -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("prediction_id", "p-" + i);
      row.put("age", r.nextDouble() < 0.02 ? null : (Object) (18L + r.nextInt(70)));
      row.put("income", r.nextDouble() < 0.02 ? null : (Object) (Math.exp(10.8 + 0.5 * r.nextGaussian())));
      row.put("zip", r.nextDouble() < 0.02 ? null : String.format("%05d", r.nextInt(300) * 7));
      row.put("segment", r.nextDouble() < 0.02 ? null : segments[r.nextInt(segments.length)]);
      row.put("prior", r.nextDouble() < 0.02 ? null : (Object) (r.nextDouble() < 0.3));
      return row;
    }).toList();
  }

  private static ReferenceProfile fromFile(Path file, Columns columns) throws IOException {
    ReferenceBuilder b = new ReferenceBuilder(ProfileConfig.DEFAULT);
    try (TrainingRows rows = TrainingRows.open(file, null, columns)) {
      for (Map<String, Object> row = rows.next(); row != null; row = rows.next()) {
        b.add(row);
      }
    }
    return b.build("file", "m", "*", 1L);
  }

  @Test
  void shouldBuildFromACsvTheReferenceOfTheSameRowsGivenDirectly() throws IOException {
    List<Map<String, Object>> rows = rows(7, ROWS);
    Path csv = TrainingFiles.csv(dir.resolve("train.csv"), HEADER, rows);
    ReferenceProfile fromCsv = fromFile(csv, new Columns(Set.of("prediction_id"), Set.of("zip")));

    ReferenceBuilder direct = new ReferenceBuilder(ProfileConfig.DEFAULT);
    rows.forEach(row -> {
      Map<String, Object> features = new HashMap<>(row);
      features.remove("prediction_id");
      direct.add(features);
    });
    ReferenceProfile expected = direct.build("direct", "m", "*", 1L);

    Map<String, FeatureProfile> got = fromCsv.profile().features();
    assertThat(got.keySet()).containsExactlyInAnyOrder("age", "income", "zip", "segment", "prior");
    for (Map.Entry<String, FeatureProfile> e : expected.profile().features().entrySet()) {
      FeatureProfile want = e.getValue();
      FeatureProfile have = got.get(e.getKey());
      assertThat(have.kind()).as(e.getKey()).isEqualTo(want.kind());
      assertThat(have.count()).as(e.getKey()).isEqualTo(want.count());
      assertThat(have.missing()).as(e.getKey()).isEqualTo(want.missing()).isGreaterThan(0);
      assertThat(have.invalid()).as(e.getKey()).isZero();
      assertThat(have.count() + have.missing()).isEqualTo(ROWS);
      if (want instanceof NumericProfile wn) {
        assertSameNumeric(e.getKey(), (NumericProfile) have, wn, rows);
      } else {
        assertThat(((CategoricalProfile) have).exactCounts()).as(e.getKey())
            .isEqualTo(((CategoricalProfile) want).exactCounts());
      }
    }
  }

  private static void assertSameNumeric(String name, NumericProfile have, NumericProfile want, List<Map<String, Object>> rows) {
    // Double.toString round-trips, so the moments of the parsed values are bit-for-bit those of the originals
    assertThat(have.moments().mean()).as(name).isEqualTo(want.moments().mean());
    assertThat(have.moments().m2()).as(name).isEqualTo(want.moments().m2());
    assertThat(have.moments().min()).as(name).isEqualTo(want.moments().min());
    assertThat(have.moments().max()).as(name).isEqualTo(want.moments().max());
    double[] sorted = rows.stream().map(r -> r.get(name)).filter(v -> v != null)
        .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
    double eps = have.normalizedRankError();
    for (double rank : new double[] {0.01, 0.25, 0.5, 0.75, 0.99}) {
      double q = have.quantile(rank);
      // with ties (integer ages) a value q covers every rank from "share below q" to "share at or below q":
      // the sketch's answer is right if the requested rank lies in that span, give or take its rank error
      assertThat(rank).as(name + " p" + rank)
          .isBetween(exactRankBelow(sorted, q) - 2 * eps, exactRank(sorted, q) + 2 * eps);
      double w = want.quantile(rank);
      assertThat(rank).as(name + " p" + rank + " direct")
          .isBetween(exactRankBelow(sorted, w) - 2 * eps, exactRank(sorted, w) + 2 * eps);
    }
  }

  /** The share of values strictly below {@code q}. */
  private static double exactRankBelow(double[] sorted, double q) {
    int n = 0;
    while (n < sorted.length && sorted[n] < q) {
      n++;
    }
    return n / (double) sorted.length;
  }

  /** The normalized rank of {@code q} in {@code sorted}: the share of values at or below it. */
  private static double exactRank(double[] sorted, double q) {
    int i = Arrays.binarySearch(sorted, q);
    if (i < 0) {
      i = -i - 2;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == q) {
      i++;
    }
    return (i + 1) / (double) sorted.length;
  }

  @Test
  void shouldDecodeAnEncodedReferenceToTheSameProfile() throws IOException {
    Path csv = TrainingFiles.csv(dir.resolve("train.csv"), HEADER, rows(11, 2_000));
    ReferenceProfile ref = fromFile(csv, new Columns(Set.of("prediction_id"), Set.of("zip")));
    ReferenceProfile back = ReferenceCodec.decode(ReferenceCodec.encode(ref));
    assertThat(back.id()).isEqualTo("file");
    assertThat(back.topicKey()).isEqualTo("m/*");
    assertThat(back.kind()).isEqualTo(ReferenceKind.TRAINING);
    assertThat(back.profile().features().keySet()).isEqualTo(ref.profile().features().keySet());
    NumericProfile income = (NumericProfile) back.profile().features().get("income");
    NumericProfile original = (NumericProfile) ref.profile().features().get("income");
    assertThat(income.count()).isEqualTo(original.count());
    assertThat(income.missing()).isEqualTo(original.missing());
    assertThat(income.moments().mean()).isEqualTo(original.moments().mean());
    assertThat(income.quantile(0.5)).isEqualTo(original.quantile(0.5));
    assertThat(((CategoricalProfile) back.profile().features().get("zip")).exactCounts())
        .isEqualTo(((CategoricalProfile) ref.profile().features().get("zip")).exactCounts());
    assertThat(ReferenceCodec.encode(back)).isEqualTo(ReferenceCodec.encode(ref));
  }

  @Test
  void shouldPrintASummaryPerFeature() {
    Path csv = TrainingFiles.csv(dir.resolve("train.csv"), HEADER, rows(3, 1_000));
    Run run = run("baseline", "--model", "churn", "--input", csv.toString(), "--exclude", "prediction_id",
        "--categorical", "zip", "--id", "t1");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("reference churn/*  id t1  kind training  rows 1000  features 5  encoded ")
        .containsPattern("(?m)^  income +numeric +\\d+ +\\d+ +0  [-0-9.e+]+ [-0-9.e+]+ ")
        .containsPattern("(?m)^  segment +categorical .*retail \\d+\\.\\d%")
        .contains("\"two\\nlines\" ", "\"small, medium\" ", "\"say \\\"enterprise\\\"\" ")
        .containsPattern("(?m)^  age +numeric +\\d+ +\\d+ +0  18 ")
        .containsPattern("(?m)^  prior +boolean .*false \\d+\\.\\d%, true \\d+\\.\\d%")
        .doesNotContain("prediction_id");
  }

  @Test
  void shouldProfileTheScoreAndLabelColumnsAsThePredictionMixNotAsFeatures() {
    java.util.Random r = new java.util.Random(11);
    StringBuilder text = new StringBuilder("income,score,predicted\n");
    long[] histogram = new long[10];
    double sum = 0;
    int positive = 0;
    for (int i = 0; i < 400; i++) {
      double score = i == 0 ? 1.0 : Math.round(r.nextDouble() * 1000) / 1000.0;
      histogram[Math.min(9, (int) Math.floor(score * 10))]++;
      sum += score;
      positive += score >= 0.5 ? 1 : 0;
      text.append(1000 + i).append(',').append(score).append(',').append(score >= 0.5 ? "yes" : "no").append('\n');
    }
    Path csv = TrainingFiles.write(dir.resolve("scored.csv"), text.toString());
    Run run = run("baseline", "--model", "m", "--input", csv.toString(), "--score-column", "score",
        "--predicted-class-column", "predicted");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.err).as("no warning: the score and the class predicted are the model's output").isEmpty();
    Run old = run("baseline", "--model", "m", "--input", csv.toString(), "--score-column", "score",
        "--label-column", "predicted");
    assertThat(old.err).contains("--label-column is deprecated, use --predicted-class-column");
    assertThat(old.out.replaceAll("id \\S+", "id")).as("the old name still works").isEqualTo(run.out.replaceAll("id \\S+", "id"));
    StringBuilder expected = new StringBuilder();
    for (long n : histogram) {
      expected.append(' ').append(n);
    }
    assertThat(run.out).contains("features 1 ").contains("  scores: 400, mean ")
        .contains("histogram [0,0.1) ... [0.9,1]:" + expected + "\n")
        .containsPattern("classes: (no|yes) \\d+\\.\\d%, (no|yes) \\d+\\.\\d%")
        .contains(String.format(java.util.Locale.ROOT, "yes %.1f%%", 100.0 * positive / 400))
        .doesNotContain("  score ").doesNotContain("  predicted ");
    assertThat(run.out).containsPattern("mean 0\\.\\d+")
        .contains("mean " + new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", sum / 400))
            .stripTrailingZeros().toPlainString());
    Run both = run("baseline", "--model", "m", "--from-topic", "--from", "0", "--score-column", "score");
    assertThat(both.exit).isEqualTo(2);
    assertThat(both.err).contains("--score-column and --predicted-class-column apply to --input files");
    Run unflagged = run("baseline", "--model", "m", "--input", csv.toString());
    assertThat(unflagged.exit).isZero();
    assertThat(unflagged.err).contains("column 'score' looks like the model's output but is profiled as a feature")
        .doesNotContain("'income'");
  }

  @Test
  void shouldExitWithTwoAndNameTheLineOfBadInput() {
    Path csv = TrainingFiles.write(dir.resolve("bad.csv"), "a,b\n1,2\n3\n");
    Run run = run("baseline", "--model", "m", "--input", csv.toString());
    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err).contains("bad.csv:3: has 1 fields but the header has 2").doesNotContain("Exception");
    Run missing = run("baseline", "--model", "m", "--input", dir.resolve("nope.csv").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).contains("nope.csv: no such readable file");
    Run unknown = run("baseline", "--model", "m", "--input", csv.toString(), "--format", "parquet");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).contains("--format 'parquet' is not supported");
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
