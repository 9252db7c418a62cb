package dev.lanegrad.data;

import dev.lanegrad.DType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link Datasets#csv} reads a file, in the spirit of {@code
 * tf.data.experimental.make_csv_dataset}'s arguments:
 *
 * <pre>{@code
 * CsvOptions.builder()
 *     .labelColumn("species")               // by header name (or .labelColumn(4) by index)
 *     .columnType("species", DType.INT32)   // others float32
 *     .build()
 * }</pre>
 *
 * <p>Defaults: a header line, {@code ','} as the separator, every column FLOAT32, the last column
 * is the label, features packed into one vector. An element is {@code [features (k,), label ()]}:
 * the feature columns in file order packed into one tensor of shape (k,) (they must then share a
 * dtype), or with {@code packFeatures(false)} one scalar tensor per feature column; without a label
 * column ({@code noLabel()}) the label is left out. Cells may be quoted with {@code "} (a doubled
 * {@code ""} inside is one quote); empty lines are skipped; INT32/INT64 cells are base-10 integers,
 * BOOL cells {@code true}/{@code false}/{@code 1}/{@code 0}.
 */
public final class CsvOptions {
  final boolean header;
  final char separator;
  final String labelName;
  final int labelIndex;
  final boolean noLabel;
  final boolean packFeatures;
  final DType defaultType;
  final Map<String, DType> typesByName;
  final DType[] typesByIndex;

  private CsvOptions(Builder b) {
    header = b.header;
    separator = b.separator;
    labelName = b.labelName;
    labelIndex = b.labelIndex;
    noLabel = b.noLabel;
    packFeatures = b.packFeatures;
    defaultType = b.defaultType;
    typesByName = new LinkedHashMap<>(b.typesByName);
    typesByIndex = b.typesByIndex == null ? null : b.typesByIndex.clone();
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: header, {@code ','}, float32 columns, the last column is the label. */
  public static CsvOptions defaults() {
    return builder().build();
  }

  /** Builds {@link CsvOptions}; each setter checks its argument. */
  public static final class Builder {
    private boolean header = true;
    private char separator = ',';
    private String labelName;
    private int labelIndex = -1;
    private boolean noLabel;
    private boolean packFeatures = true;
    private DType defaultType = DType.FLOAT32;
    private final Map<String, DType> typesByName = new LinkedHashMap<>();
    private DType[] typesByIndex;

    private Builder() {}

    /** Whether the first line names the columns (default true). */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /**
     * The cell separator (default {@code ','}).
     *
     * @throws IllegalArgumentException for a quote, a line break or a carriage return
     */
    public Builder separator(char separator) {
      if (separator == '"' || separator == '\n' || separator == '\r') {
        throw new IllegalArgumentException(
            "CsvOptions.separator: cannot be a quote or a line break, got '" + separator + "'");
      }
      this.separator = separator;
      return this;
    }

    /**
     * The label column by its header name.
     *
     * @throws IllegalArgumentException for a null or empty name
     */
    public Builder labelColumn(String name) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("CsvOptions.labelColumn: the name is null or empty");
      }
      labelName = name;
      labelIndex = -1;
      noLabel = false;
      return this;
    }

    /**
     * The label column by its index from 0; a negative index counts from the end ({@code -1} is the
     * last column, the default).
     */
    public Builder labelColumn(int index) {
      labelIndex = index;
      labelName = null;
      noLabel = false;
      return this;
    }

    /** No label column: elements hold the features only (for {@code predict}). */
    public Builder noLabel() {
      noLabel = true;
      labelName = null;
      return this;
    }

    /** Pack the feature columns into one vector (default true) or one scalar tensor each. */
    public Builder packFeatures(boolean pack) {
      packFeatures = pack;
      return this;
    }

    /**
     * The dtype of every column without its own type (default FLOAT32).
     *
     * @throws IllegalArgumentException for null or a complex dtype
     */
    public Builder defaultType(DType dtype) {
      defaultType = checkType("defaultType", dtype);
      return this;
    }

    /**
     * One column's dtype, by header name.
     *
     * @throws IllegalArgumentException for a null or empty name, or a null or complex dtype
     */
    public Builder columnType(String name, DType dtype) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("CsvOptions.columnType: the name is null or empty");
      }
      typesByName.put(name, checkType("columnType", dtype));
      return this;
    }

    /**
     * Every column's dtype, in file order (as {@code column_defaults}); the file must then have
     * exactly this many columns.
     *
     * @throws IllegalArgumentException for a null or empty array, or a null or complex dtype
     */
    public Builder columnTypes(DType... dtypes) {
      if (dtypes == null || dtypes.length == 0) {
        throw new IllegalArgumentException("CsvOptions.columnTypes: needs at least one dtype");
      }
      for (DType d : dtypes) {
        checkType("columnTypes", d);
      }
      typesByIndex = dtypes.clone();
      return this;
    }

    /** The options. */
    public CsvOptions build() {
      return new CsvOptions(this);
    }

    private static DType checkType(String what, DType d) {
      if (d == null || d.isComplex()) {
        throw new IllegalArgumentException(
            "CsvOptions."
                + what
                + ": a column is float32, float64, int32, int64 or bool, got "
                + d);
      }
      return d;
    }
  }

  @Override
  public String toString() {
    return "CsvOptions{header="
        + header
        + ", separator='"
        + separator
        + "', label="
        + (noLabel ? "none" : labelName != null ? labelName : String.valueOf(labelIndex))
        + ", packFeatures="
        + packFeatures
        + ", types="
        + (typesByIndex != null
            ? Arrays.toString(typesByIndex)
            : typesByName + " else " + defaultType)
        + "}";
  }
}
