package dev.veil.core.io;

import java.io.Serializable;

/**
 * A byte range of a text file that starts at the beginning of a line: records that start in
 * {@code [start, end)} belong to this split. {@code firstLine} is the 1-based line number at
 * {@code start}, so every record keeps its exact line number when splits are read in parallel.
 */
public record TextSplit(int fileIndex, String file, long start, long end, long firstLine) implements Serializable {}
