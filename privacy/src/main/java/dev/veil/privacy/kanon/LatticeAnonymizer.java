package dev.veil.privacy.kanon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Optimal full-domain generalization with record suppression by a search of the generalization
 * lattice, in the spirit of ARX's Flash algorithm (Kohlmayer et al. 2012).
 *
 * <p>A node of the lattice assigns one hierarchy level to each quasi-identifier; its successors
 * raise one level by one. A node is anonymous when the records of the equivalence classes that
 * violate the models are at most {@code maxSuppression * records}; those records are suppressed.
 * The search first tags every node with the <em>monotone part</em> of the models (k-anonymity and
 * the {@code ceil(l)} distinct sensitive values every l-diversity variant implies): if a node
 * passes, every successor passes (a class of a successor is a union of classes, and a union with a
 * passing class passes, so no record becomes suppressed); if it fails, every predecessor fails. It
 * walks greedy paths bottom-up and checks each from its bottom upwards, jumping {@link #JUMP}
 * nodes at a time while they fail and going back one by one below the first pass, tagging the
 * cones above and below every checked node; nodes no better than the best found so far are
 * skipped as path nodes. From each path's last failure it then climbs, one level at a time, to a
 * failing successor, also one no better than the best, while a successor can still add
 * undecided better nodes to the cone tagged below it. A node's classes are unions of the classes of any node at or below it in every level,
 * so it is counted by rolling up a kept snapshot of such a node (see below) rather than the
 * records. Entropy and recursive l-diversity and t-closeness are
 * not monotone with suppression (a small diverse class merged with a large homogeneous one may
 * violate), so for them the passing nodes are then checked with all models in order of
 * increasing information loss and the first one that passes is taken.
 *
 * <p>Information loss used to choose the node: <b>precomputed non-uniform entropy</b>, the sum over
 * quasi-identifiers and over all input records of {@code log2(count(generalized value) /
 * count(value))}, counts over the input table, ignoring suppression (as ARX's precomputed entropy
 * metric). It is monotone in every level. Ties: lower level sum, then the node whose level vector
 * is lexicographically smaller.
 *
 * <p>Speed: each column's values are encoded once as int ids (their index in the hierarchy), and
 * the records once as their distinct quasi-identifier tuples with counts (the base snapshot; Adult:
 * 19,502 for 30,162 records). A snapshot holds per class its bit-packed long key at the node's
 * levels and its record count; a roll-up re-maps only the fields of the quasi-identifiers whose
 * level differs (id-to-id tables between two levels) and adds counts in an open-addressing table
 * of long keys (no boxing, no strings; the slots hold 16-bit class numbers when there are at most
 * 32,768 classes, so the table stays in the first-level cache). The source is the kept snapshot below the node with the
 * fewest classes (ties: fewest changed levels), else one of the nodes one level up in a single
 * quasi-identifier (counted at the start of each search and kept), else the base. Snapshots of failing checked
 * nodes are kept (ARX's "history") in a ring arena of at most 96 MiB that lives with the instance,
 * oldest overwritten first; those of passing nodes are not (their successors are never counted).
 * With suppression every anonymous node has at most {@code (budget * (k - 1) + n) / k} classes (a
 * kept class has at least k records, a suppressed one at least 1), so a roll-up stops, and the
 * node fails, as soon as it finds more classes than that; except a roll-up of the base or a
 * one-level-up snapshot, which counts on and keeps the failing node as a nearer source.
 *
 * <p>Privacy: the output meets the spec's models (see {@link AnonymizationSpec}). Not thread-safe:
 * use one instance per thread; {@link #prepare} once and call {@link #search()} as often as needed.
 */
public final class LatticeAnonymizer {
  private final Table table;
  private final AnonymizationSpec spec;
  private final int n;
  private final int q;
  private final int[] qiCols;
  private final GeneralizationHierarchy[] h;
  private final int[] data; // n * q, level-0 ids
  private final int[][][] gen; // [qi][level][id0] -> id at level
  private final int[][] levelSize; // [qi][level] -> number of ids
  private final int[][] count0; // [qi][id0] -> records
  private final double[][] lossTable; // [qi][level]
  private final int[] maxLevel;
  private final int words;
  private final int[] wordOf;
  private final int[] shift;
  private final ClassModels models;
  private final int budget;
  private final int classLimit;
  private final Snapshot base;
  private final long[] fieldMask;
  private final int[][][][] between; // [qi][from level][to level][id at from] -> id at to
  // hash table and per-node scratch
  private final int mask;
  private final long[] slotKeys;
  private final int[] slotClass;
  private final int[] classOf;
  private int[] classSize;
  private int[] classRep;
  private int[] classSlot = new int[1024];
  private int lastClasses;
  long unitsCounted;
  private final long[] key;
  private int checks;

  private LatticeAnonymizer(Table table, AnonymizationSpec spec) {
    this.table = table;
    this.spec = spec;
    this.n = table.size();
    if (n == 0) throw new IllegalArgumentException("the table must have at least one record. Provided value: 0 records in " + table.source());
    if (spec.k() > n) {
      throw new IllegalArgumentException("k must be <= the number of records (" + n + ") of " + table.source() + ". Provided value: " + spec.k());
    }
    List<String> qis = spec.quasiIdentifiers();
    this.q = qis.size();
    this.qiCols = new int[q];
    this.h = new GeneralizationHierarchy[q];
    for (int i = 0; i < q; i++) {
      qiCols[i] = table.column(qis.get(i));
      h[i] = spec.hierarchies().get(qis.get(i));
      if (h[i] == null) {
        throw new IllegalArgumentException("hierarchies must contain every quasi-identifier for the lattice search. Provided value: none for '"
            + qis.get(i) + "'");
      }
    }
    spec.sensitive().ifPresent(table::column);
    this.data = new int[n * q];
    this.count0 = new int[q][];
    for (int i = 0; i < q; i++) count0[i] = new int[h[i].domain().size()];
    for (int r = 0; r < n; r++) {
      String[] row = table.rows().get(r);
      for (int i = 0; i < q; i++) {
        int id = row[qiCols[i]] == null ? -1 : h[i].indexOf(row[qiCols[i]]);
        if (id < 0) {
          throw new HierarchyException(table.source() + ":" + table.lines()[r] + ":" + (qiCols[i] + 1) + ": the value of column '" + qis.get(i)
              + "' is " + (row[qiCols[i]] == null ? "missing" : "not in its hierarchy " + h[i].source())
              + " (add the value to the hierarchy)");
        }
        data[r * q + i] = id;
        count0[i][id]++;
      }
    }
    this.gen = new int[q][][];
    this.levelSize = new int[q][];
    this.maxLevel = new int[q];
    this.lossTable = new double[q][];
    for (int i = 0; i < q; i++) {
      int levels = h[i].levels();
      int d = h[i].domain().size();
      maxLevel[i] = levels - 1;
      gen[i] = new int[levels][d];
      levelSize[i] = new int[levels];
      lossTable[i] = new double[levels];
      for (int lv = 0; lv < levels; lv++) {
        Map<String, Integer> ids = new java.util.HashMap<>();
        for (int v = 0; v < d; v++) {
          Integer id = ids.putIfAbsent(h[i].label(lv, v), ids.size());
          gen[i][lv][v] = id == null ? ids.size() - 1 : id;
        }
        levelSize[i][lv] = ids.size();
        long[] cnt = new long[ids.size()];
        for (int v = 0; v < d; v++) cnt[gen[i][lv][v]] += count0[i][v];
        double loss = 0;
        for (int v = 0; v < d; v++) {
          if (count0[i][v] > 0) loss += count0[i][v] * log2((double) cnt[gen[i][lv][v]] / count0[i][v]);
        }
        lossTable[i][lv] = loss;
      }
    }
    // pack the ids of all quasi-identifiers into as few 64-bit words as possible
    this.wordOf = new int[q];
    this.shift = new int[q];
    int w = 0;
    int used = 0;
    for (int i = 0; i < q; i++) {
      int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, levelSize[i][0] - 1)));
      if (used + bits > 64) {
        w++;
        used = 0;
      }
      wordOf[i] = w;
      shift[i] = used;
      used += bits;
    }
    this.words = w + 1;
    this.key = new long[words];
    this.models = new ClassModels(spec, table);
    this.budget = (int) Math.floor(spec.maxSuppression() * n + 1e-9);
    long kk = Math.max(1, spec.k());
    this.classLimit = (int) Math.min(n, ((long) budget * (kk - 1) + n) / kk);
    int cap = Integer.highestOneBit(Math.max(16, n * 2 - 1)) << 1;
    this.mask = cap - 1;
    this.slotKeys = new long[cap * words];
    this.slotClass = new int[cap];
    this.classOf = new int[n];
    this.classSize = new int[1024];
    this.classRep = new int[1024];
    this.fieldMask = new long[q];
    for (int i = 0; i < q; i++) fieldMask[i] = (1L << Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, levelSize[i][0] - 1)))) - 1;
    this.between = new int[q][][][];
    for (int i = 0; i < q; i++) {
      int levels = maxLevel[i] + 1;
      between[i] = new int[levels][levels][];
      for (int a = 0; a < levels; a++) {
        for (int b = a; b < levels; b++) {
          int[] t = new int[levelSize[i][a]];
          for (int v = 0; v < gen[i][0].length; v++) t[gen[i][a][v]] = gen[i][b][v];
          between[i][a][b] = t;
        }
      }
    }
    this.changed = new int[q];
    this.changedMap = new int[q][];
    this.climbNode = new int[q];
    this.climbOpen = new int[q];
    this.climbKeep = new double[q];
    int distinct = countClasses(new int[q]);
    long[] keys = new long[distinct * words];
    for (int c = 0; c < distinct; c++) System.arraycopy(slotKeys, classSlot[c] * words, keys, c * words, words);
    this.base = new Snapshot(new int[q], keys, Arrays.copyOf(classSize, distinct), 0, distinct);
    this.arenaCap = (int) Math.min(Integer.MAX_VALUE / 2, MAX_SNAPSHOT_BYTES / (8L * words + 4));
  }

  /**
   * Encodes the table for the spec: checks the columns, that every quasi-identifier has a hierarchy
   * containing each of its values, and that {@code 1 <= k <= records}.
   *
   * @throws IllegalArgumentException for a missing column or a bad k
   * @throws HierarchyException for a value missing from its hierarchy (naming file, line, column)
   */
  public static LatticeAnonymizer prepare(Table table, AnonymizationSpec spec) {
    return new LatticeAnonymizer(table, spec);
  }

  /** Prepares, searches and builds the output in one call; risk threshold 0.2. */
  public static KAnonymizationResult anonymize(Table table, AnonymizationSpec spec) {
    return prepare(table, spec).anonymize(0.2);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The number of nodes of the lattice. */
  public long latticeSize() {
    long s = 1;
    for (int m : maxLevel) s *= m + 1;
    return s;
  }

  /** Precomputed non-uniform entropy of a node, in bits. */
  public double loss(int[] levels) {
    double s = 0;
    for (int i = 0; i < q; i++) s += lossTable[i][levels[i]];
    return s;
  }

  /** The number of equivalence classes at a node: one pass over the records (the benchmark's baseline). */
  public int classCount(int[] levels) {
    return countClasses(levels);
  }

  /** Records in classes smaller than {@code k} after {@link #classCount}. */
  long suppressedAtK(int classes, int k) {
    long s = 0;
    for (int c = 0; c < classes; c++) if (classSize[c] < k) s += classSize[c];
    return s;
  }

  /** The outcome of {@link #search()}. */
  public record Node(List<Integer> levels, double loss, int checks, long latticeSize) {}

  /**
   * Finds the anonymous node with the least loss.
   *
   * @throws IllegalArgumentException if no node is anonymous within the suppression limit
   */
  public Node search() {
    checks = 0;
    unitsCounted = 0;
    snapshots.clear();
    arenaPos = 0;
    // the nodes one level above the bottom in one quasi-identifier: cheaper sources than the
    // distinct tuples for the many path bottoms whose predecessors were tagged, never counted
    pinned.clear();
    for (int i = 0; i < q && !models.needsSensitive(); i++) {
      if (maxLevel[i] == 0) continue;
      int[] one = new int[q];
      one[i] = 1;
      int c = countRolledUp(one, n);
      pinned.add(new Snapshot(one, Arrays.copyOf(rollKeys, c * words), Arrays.copyOf(rollSize, c), 0, c));
    }
    long size = latticeSize();
    if (size > 50_000_000L) {
      throw new IllegalArgumentException("the generalization lattice must have at most 50,000,000 nodes (use --algorithm mondrian or fewer"
          + " levels). Provided value: " + size + " nodes");
    }
    int nodes = (int) size;
    int[] radix = new int[q];
    int[] stride = new int[q];
    int st = 1;
    for (int i = q - 1; i >= 0; i--) {
      radix[i] = maxLevel[i] + 1;
      stride[i] = st;
      st *= radix[i];
    }
    byte[] status = new byte[nodes]; // 0 unknown, 1 passes the monotone part, 2 fails it
    int maxSum = 0;
    for (int m : maxLevel) maxSum += m;
    // nodes bucketed by level sum (bottom-up), ascending index within a bucket
    int[] sumOf = new int[nodes];
    int[] bucketStart = new int[maxSum + 2];
    int[] lv = new int[q];
    for (int idx = 0; idx < nodes; idx++) {
      decode(idx, stride, radix, lv);
      int s = 0;
      for (int x : lv) s += x;
      sumOf[idx] = s;
      bucketStart[s + 1]++;
    }
    for (int s = 0; s <= maxSum; s++) bucketStart[s + 1] += bucketStart[s];
    int[] order = new int[nodes];
    int[] fill = Arrays.copyOf(bucketStart, bucketStart.length);
    for (int idx = 0; idx < nodes; idx++) order[fill[sumOf[idx]]++] = idx;

    int[] path = new int[maxSum + 1];
    int[] cur = new int[q];
    int[] stack = new int[Math.max(16, nodes)];
    double[] lossOf = new double[nodes];
    for (int idx = 0; idx < nodes; idx++) {
      decode(idx, stride, radix, cur);
      lossOf[idx] = loss(cur);
    }
    boolean monotoneFull = models.fullIsMonotone();
    boolean[] fullChecked = new boolean[nodes];
    // The best node so far: every node not better than it is left alone (loss is monotone, so
    // neither can any of its successors be better).
    int bestIdx = -1;
    int top = nodes - 1;
    decode(top, stride, radix, cur);
    if (anonymous(cur, false)) {
      tag(top, true, status, stride, radix, stack);
      if (monotoneFull || anonymous(cur, true)) bestIdx = top;
      fullChecked[top] = true;
    } else {
      tag(top, false, status, stride, radix, stack);
    }
    for (int o = 0; o < nodes; o++) {
      int start = order[o];
      while (status[start] == 0 && (bestIdx < 0 || better(lossOf[start], sumOf[start], start, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) {
        int len = 0;
        int node = start;
        path[len++] = node;
        while (true) {
          decode(node, stride, radix, cur);
          int next = -1;
          double nextLoss = Double.POSITIVE_INFINITY;
          for (int i = 0; i < q; i++) {
            if (cur[i] < maxLevel[i]) {
              int s = node + stride[i];
              if (status[s] == 0 && lossOf[s] < nextLoss
                  && (bestIdx < 0 || better(lossOf[s], sumOf[s], s, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) {
                nextLoss = lossOf[s];
                next = s;
              }
            }
          }
          if (next < 0) break;
          node = next;
          path[len++] = node;
        }
        // check the path's bottom, then every JUMP-th node above the last failure; after a pass,
        // the nodes between the last failure and it one by one upwards
        int step = JUMP;
        int lo = 0;
        int hi = len - 1;
        int lastFail = -1;
        while (lo <= hi) {
          int mid = lo == 0 ? 0 : Math.min(lo + step - 1, hi);
          int m = path[mid];
          boolean ok;
          if (status[m] != 0) {
            ok = status[m] == 1;
          } else {
            decode(m, stride, radix, cur);
            ok = anonymous(cur, false);
            tag(m, ok, status, stride, radix, stack);
            if (ok && (bestIdx < 0 || better(lossOf[m], sumOf[m], m, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) {
              fullChecked[m] = true;
              if (monotoneFull || anonymous(cur, true)) bestIdx = m;
            }
          }
          if (ok) {
            hi = mid - 1;
            step = 1;
          } else {
            lo = mid + 1;
            lastFail = m;
          }
        }
        // Climb from the path's last failure towards a maximal failing node, also through nodes
        // no better than the best: a failure there tags a larger cone below it, deciding nodes
        // better than the best that would otherwise each need a check of their own. A successor
        // is tried only if the cone it adds can hold such a node (a direct predecessor other than
        // the current one is unknown and better than the best), those with more such predecessors
        // first, then those whose level merges the fewest values (most likely to fail), and each
        // is rolled up from the current node's snapshot. Which nodes get checked changes, never
        // the outcome of a check, so the chosen node is the same as without the climb.
        int x = lastFail;
        while (x >= 0) {
          decode(x, stride, radix, cur);
          int nc = 0;
          for (int i = 0; i < q; i++) {
            if (cur[i] == maxLevel[i]) continue;
            int s = x + stride[i];
            if (status[s] == 1) continue;
            int open = 0;
            if (status[s] == 0) {
              for (int j = 0; j < q; j++) {
                if (j == i || cur[j] == 0) continue;
                int pr = s - stride[j];
                if (status[pr] == 0 && (bestIdx < 0 || better(lossOf[pr], sumOf[pr], pr, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) open++;
              }
              if (open == 0) continue;
            }
            climbNode[nc] = s;
            climbOpen[nc] = open;
            climbKeep[nc] = (double) levelSize[i][cur[i] + 1] / levelSize[i][cur[i]];
            nc++;
          }
          // insertion sort (at most q candidates): more open predecessors, then the larger share of values kept, then lower column
          for (int a = 1; a < nc; a++) {
            for (int b = a; b > 0 && (climbOpen[b] > climbOpen[b - 1] || climbOpen[b] == climbOpen[b - 1] && climbKeep[b] > climbKeep[b - 1]); b--) {
              int t = climbNode[b];
              climbNode[b] = climbNode[b - 1];
              climbNode[b - 1] = t;
              t = climbOpen[b];
              climbOpen[b] = climbOpen[b - 1];
              climbOpen[b - 1] = t;
              double d = climbKeep[b];
              climbKeep[b] = climbKeep[b - 1];
              climbKeep[b - 1] = d;
            }
          }
          int next = -1;
          for (int c = 0; c < nc && next < 0; c++) {
            int s = climbNode[c];
            if (status[s] == 2) {
              next = s;
            } else if (status[s] == 0) {
              decode(s, stride, radix, cur);
              boolean ok = anonymous(cur, false);
              tag(s, ok, status, stride, radix, stack);
              if (ok && (bestIdx < 0 || better(lossOf[s], sumOf[s], s, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) {
                fullChecked[s] = true;
                if (monotoneFull || anonymous(cur, true)) bestIdx = s;
              }
              if (!ok) next = s;
            }
          }
          x = next;
        }
      }
    }
    if (!monotoneFull) {
      // nodes passing the monotone part, better than the best so far, not yet checked with all models
      List<double[]> cands = new ArrayList<>();
      for (int idx = 0; idx < nodes; idx++) {
        if (status[idx] == 1 && !fullChecked[idx]
            && (bestIdx < 0 || better(lossOf[idx], sumOf[idx], idx, lossOf[bestIdx], sumOf[bestIdx], bestIdx))) {
          cands.add(new double[] {lossOf[idx], sumOf[idx], idx});
        }
      }
      cands.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
      for (double[] c : cands) {
        decode((int) c[2], stride, radix, cur);
        if (anonymous(cur, true)) {
          bestIdx = (int) c[2];
          break;
        }
      }
    }
    if (bestIdx < 0) {
      throw new IllegalArgumentException("no generalization meets " + spec.describeModels() + " with at most " + budget
          + " suppressed records (max suppression " + spec.maxSuppression() + "): raise the suppression limit, lower k/l/t, or add levels to the hierarchies");
    }
    double bestLoss = lossOf[bestIdx];
    int[] best = new int[q];
    decode(bestIdx, stride, radix, best);
    List<Integer> levels = new ArrayList<>();
    for (int x : best) levels.add(x);
    return new Node(List.copyOf(levels), bestLoss, checks, size);
  }

  private static boolean better(double l, int sum, int idx, double bl, int bsum, int bidx) {
    if (l != bl) return l < bl;
    if (sum != bsum) return sum < bsum;
    return idx < bidx; // first QI most significant: lexicographically smaller level vector
  }

  private void decode(int idx, int[] stride, int[] radix, int[] out) {
    for (int i = 0; i < q; i++) out[i] = (idx / stride[i]) % radix[i];
  }

  /** Tags the node and its cone: successors when it passes, predecessors when it fails. */
  private void tag(int node, boolean ok, byte[] status, int[] stride, int[] radix, int[] stack) {
    byte mark = (byte) (ok ? 1 : 2);
    status[node] = mark;
    int sp = 0;
    stack[sp++] = node;
    while (sp > 0) {
      int x = stack[--sp];
      for (int i = 0; i < q; i++) {
        int level = (x / stride[i]) % radix[i];
        int y;
        if (ok) {
          if (level == maxLevel[i]) continue;
          y = x + stride[i];
        } else {
          if (level == 0) continue;
          y = x - stride[i];
        }
        if (status[y] != mark) {
          status[y] = mark;
          stack[sp++] = y;
        }
      }
    }
  }

  /** Counts the classes of a node into classOf/classSize/classRep, one pass over the records (for the non-monotone models and the output); returns the number of classes. */
  private int countClasses(int[] levels) {
    return count(levels, data, null, n, Integer.MAX_VALUE);
  }

  /**
   * Counts classes over {@code m} units, each given by its {@code q} level-0 ids in {@code src}:
   * the records themselves ({@code weights} null; fills classOf), or the classes of a snapshot of
   * a predecessor node (unit u stands for {@code weights[u]} records, all with the generalized
   * values of its ids at that node, hence also at this one). The hash table used is sized to the
   * units, so that small counts stay in the cache. classRep holds the first unit of each class.
   */
  private int count(int[] levels, int[] src, int[] weights, int m, int limit) {
    for (int c = 0; c < lastClasses; c++) slotClass[classSlot[c]] = 0; // clear only the slots the last count used
    int cap = Math.min(slotClass.length, Integer.highestOneBit(Math.max(8, m) * 2 - 1) << 1);
    int msk = cap - 1;
    int[][] maps = new int[q][];
    for (int i = 0; i < q; i++) maps[i] = gen[i][levels[i]];
    int classes = 0;
    final int w = words;
    for (int u = 0; u < m; u++) {
      int base = u * q;
      long hash;
      if (w == 1) {
        long k0 = 0;
        for (int i = 0; i < q; i++) k0 |= (long) maps[i][src[base + i]] << shift[i];
        key[0] = k0;
        hash = k0;
      } else {
        Arrays.fill(key, 0);
        for (int i = 0; i < q; i++) key[wordOf[i]] |= (long) maps[i][src[base + i]] << shift[i];
        hash = 0;
        for (int j = 0; j < w; j++) hash = hash * 0x9E3779B97F4A7C15L + key[j];
      }
      // murmur3's 64-bit finalizer: every key bit reaches the low bits used as the slot
      hash ^= hash >>> 33;
      hash *= 0xff51afd7ed558ccdL;
      hash ^= hash >>> 33;
      hash *= 0xc4ceb9fe1a85ec53L;
      hash ^= hash >>> 33;
      int slot = (int) hash & msk;
      while (true) {
        int c = slotClass[slot];
        if (c == 0) {
          if (classes == limit) {
            lastClasses = classes;
            unitsCounted += u + 1;
            return -1;
          }
          if (classes == classSize.length) {
            classSize = Arrays.copyOf(classSize, classes * 2);
            classRep = Arrays.copyOf(classRep, classes * 2);
            classSlot = Arrays.copyOf(classSlot, classes * 2);
          }
          classSlot[classes] = slot;
          classSize[classes] = 0;
          classRep[classes] = u;
          System.arraycopy(key, 0, slotKeys, slot * w, w);
          slotClass[slot] = ++classes;
          c = classes;
        } else if (!sameKey(slot, w)) {
          slot = (slot + 1) & msk;
          continue;
        }
        if (weights == null) {
          classOf[u] = c - 1;
          classSize[c - 1]++;
        } else {
          classSize[c - 1] += weights[u];
        }
        break;
      }
    }
    lastClasses = classes;
    unitsCounted += m;
    return classes;
  }

  /**
   * The classes of a counted node, stored in {@code keys}/{@code size} from class {@code off} on
   * ({@code len} classes): per class its key (the packed ids of its values at the node's levels,
   * {@code words} longs) and its number of records. Any node at or above it in every level is
   * counted from it: its classes are unions of these.
   */
  private record Snapshot(int[] levels, long[] keys, int[] size, int off, int len) {}

  /**
   * Snapshots kept (ARX's "history"), oldest first, in a ring arena that lives as long as this
   * instance (no garbage per check); a new snapshot overwrites the oldest ones. The base (the
   * distinct level-0 tuples with their counts) is kept apart and never evicted.
   */
  private final java.util.ArrayDeque<Snapshot> snapshots = new java.util.ArrayDeque<>();
  /** At most this many bytes of arena (12 bytes per class with 64-bit keys), allocated as needed. */
  private static final long MAX_SNAPSHOT_BYTES = 96L << 20;
  private long[] arenaKeys = new long[0];
  private int[] arenaSize = new int[0];
  private int arenaPos;
  private final int arenaCap;
  private int[] rollSlots = new int[1024];
  private int rollClasses;
  private long[] rollKeys = new long[1024];
  private int[] rollSize = new int[1024];
  private final int[] changed;
  private final int[][] changedMap;

  /**
   * Counts the classes of a node into rollKeys/rollSize by rolling up the snapshot of a node at or
   * below it in every level, the cheapest kept (fewest classes, then fewest changed levels), or the
   * base. Returns -1 as soon as the node has more than {@code limit} classes (then it cannot be
   * anonymous). {@link #keep} stores the result.
   */
  private int countRolledUp(int[] levels, int limit) {
    Snapshot from = base;
    long bestCost = costFrom(base, levels);
    for (Snapshot s : pinned) {
      if ((long) s.len * 2 >= bestCost) continue;
      long c = costFrom(s, levels);
      if (c < bestCost) {
        bestCost = c;
        from = s;
      }
    }
    for (java.util.Iterator<Snapshot> it = snapshots.descendingIterator(); it.hasNext();) {
      Snapshot s = it.next();
      if ((long) s.len * 2 >= bestCost) continue;
      long c = costFrom(s, levels);
      if (c < bestCost) {
        bestCost = c;
        from = s;
      }
    }
    rolledFrom = from;
    // from the distinct tuples or a pinned snapshot, count fully: a node failing by the class bound
    // is then kept too, as a source nearer than those for the checks above it
    if (from == base || isPinned(from)) return rollUp(from, levels, n);
    return rollUp(from, levels, limit);
  }

  private Snapshot rolledFrom;

  private boolean isPinned(Snapshot s) {
    for (Snapshot p : pinned) {
      if (p == s) return true;
    }
    return false;
  }

  /**
   * Keeps the classes of the last roll-up as a snapshot (only for nodes that fail: every successor
   * of a passing node is tagged, never counted, so its snapshot would never be used).
   */
  private void keep(int[] levels, int classes) {
    if (classes >= rolledFrom.len || classes > arenaCap) return;
    if (arenaPos + classes > arenaCap) arenaPos = 0;
    int end = arenaPos + classes;
    while (!snapshots.isEmpty()) {
      Snapshot o = snapshots.peekFirst();
      if (o.off < end && arenaPos < o.off + o.len) snapshots.pollFirst(); // overlaps the region about to be written
      else break;
    }
    if ((long) end * words > arenaKeys.length) {
      int grown = (int) Math.min((long) arenaCap, Math.max(end, Math.min(arenaCap, 2L * arenaSize.length)));
      arenaKeys = Arrays.copyOf(arenaKeys, grown * words);
      arenaSize = Arrays.copyOf(arenaSize, grown);
    }
    System.arraycopy(rollKeys, 0, arenaKeys, arenaPos * words, classes * words);
    System.arraycopy(rollSize, 0, arenaSize, arenaPos, classes);
    snapshots.addLast(new Snapshot(levels.clone(), arenaKeys, arenaSize, arenaPos, classes));
    arenaPos = end;
  }

  /** The cost of rolling up {@code s} to a node: classes times (2 + changed levels); MAX_VALUE unless it is at or below the node. */
  private long costFrom(Snapshot s, int[] levels) {
    int ch = 0;
    for (int i = 0; i < q; i++) {
      if (s.levels[i] > levels[i]) return Long.MAX_VALUE;
      if (s.levels[i] != levels[i]) ch++;
    }
    return (long) s.len * (2 + ch);
  }

  /**
   * The roll-up: every class of the snapshot is re-keyed at the node's levels (only the changed
   * quasi-identifiers' fields are mapped, through id-to-id tables between the two levels) and the
   * record counts of equal keys added, in an open-addressing table of long keys sized to the
   * snapshot. Classes land in rollKeys/rollSize and classSize.
   */
  private int rollUp(Snapshot from, int[] levels, int limit) {
    int nc = 0;
    for (int i = 0; i < q; i++) {
      if (from.levels[i] != levels[i]) {
        changed[nc] = i;
        changedMap[nc] = between[i][from.levels[i]][levels[i]];
        nc++;
      }
    }
    int m = from.len;
    int off = from.off;
    // at most min(m, limit + 1) classes are ever stored: a table about twice that keeps the probes short and in the cache
    int cap = Integer.highestOneBit(Math.max(8, Math.min(m, limit + 1)) * 2 - 1) << 1;
    // at most cap / 2 classes: with cap <= 65536 a class number fits in a char, and the table in half the cache
    boolean narrow = words == 1 && cap <= 65536;
    if (narrow) {
      if (narrowSlots.length < cap) narrowSlots = new char[cap];
    } else if (rollSlots.length < cap) {
      rollSlots = new int[cap];
    }
    if (lastNarrow) {
      for (int c = 0; c < rollClasses; c++) narrowSlots[rollSlot[c]] = 0;
    } else {
      for (int c = 0; c < rollClasses; c++) rollSlots[rollSlot[c]] = 0;
    }
    lastNarrow = narrow;
    rollClasses = 0;
    if (rollSlot.length < m) rollSlot = new int[Math.max(m, rollSlot.length * 2)];
    final int w = words;
    if (rollKeys.length < m * w) rollKeys = new long[Math.max(m * w, rollKeys.length * 2)];
    if (rollSize.length < m) rollSize = new int[Math.max(m, rollSize.length * 2)];
    int bits = Integer.numberOfTrailingZeros(cap);
    int msk = cap - 1;
    long[] src = from.keys;
    int[] wt = from.size;
    int[] slots = rollSlots;
    long[] keys = rollKeys;
    int[] size = rollSize;
    int classes = 0;
    unitsCounted += m;
    if (w == 1) {
      // up to three changed fields in locals (the JIT keeps them in registers), more through the arrays
      int s0 = nc > 0 ? shift[changed[0]] : 0;
      long f0 = nc > 0 ? fieldMask[changed[0]] : 0;
      int[] m0 = nc > 0 ? changedMap[0] : null;
      int s1 = nc > 1 ? shift[changed[1]] : 0;
      long f1 = nc > 1 ? fieldMask[changed[1]] : 0;
      int[] m1 = nc > 1 ? changedMap[1] : null;
      int s2 = nc > 2 ? shift[changed[2]] : 0;
      long f2 = nc > 2 ? fieldMask[changed[2]] : 0;
      int[] m2 = nc > 2 ? changedMap[2] : null;
      long keep = -1L;
      if (nc > 0) keep &= ~(f0 << s0);
      if (nc > 1) keep &= ~(f1 << s1);
      if (nc > 2) keep &= ~(f2 << s2);
      int[] ch = changed.clone();
      int[][] chm = changedMap.clone();
      char[] nslots = narrowSlots;
      for (int u = 0; narrow && u < m; u++) {
        long k0 = src[off + u];
        long k1 = k0 & keep;
        if (nc > 0) k1 |= (long) m0[(int) ((k0 >>> s0) & f0)] << s0;
        if (nc > 1) k1 |= (long) m1[(int) ((k0 >>> s1) & f1)] << s1;
        if (nc > 2) k1 |= (long) m2[(int) ((k0 >>> s2) & f2)] << s2;
        for (int j = 3; j < nc; j++) {
          int i = ch[j];
          k1 = (k1 & ~(fieldMask[i] << shift[i])) | ((long) chm[j][(int) ((k0 >>> shift[i]) & fieldMask[i])] << shift[i]);
        }
        k0 = k1;
        int slot = (int) ((k0 * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        // Without a branch on "new class or not" (about three tuples in four open a class, so
        // that branch was mispredicted often): the key is written speculatively one past the
        // classes, the class index is chosen arithmetically, and only a collision (another key
        // in the first slot probed) takes the loop below.
        keys[classes] = k0;
        int c = nslots[slot];
        int fresh = (c - 1) >>> 31; // 1 if the slot is empty
        int idx = c - 1 + fresh * (classes + 1);
        if (keys[idx] != k0) {
          do {
            slot = (slot + 1) & msk;
            c = nslots[slot];
          } while (c != 0 && keys[c - 1] != k0);
          fresh = (c - 1) >>> 31;
          idx = c - 1 + fresh * (classes + 1);
        }
        size[idx] = (size[idx] & (fresh - 1)) + wt[off + u];
        rollSlot[idx] = slot;
        nslots[slot] = (char) (idx + 1);
        classes += fresh;
        if (classes > limit) {
          rollClasses = classes;
          return -1;
        }
      }
      for (int u = 0; !narrow && u < m; u++) {
        long k0 = src[off + u];
        long k1 = k0 & keep;
        if (nc > 0) k1 |= (long) m0[(int) ((k0 >>> s0) & f0)] << s0;
        if (nc > 1) k1 |= (long) m1[(int) ((k0 >>> s1) & f1)] << s1;
        if (nc > 2) k1 |= (long) m2[(int) ((k0 >>> s2) & f2)] << s2;
        for (int j = 3; j < nc; j++) {
          int i = ch[j];
          k1 = (k1 & ~(fieldMask[i] << shift[i])) | ((long) chm[j][(int) ((k0 >>> shift[i]) & fieldMask[i])] << shift[i]);
        }
        k0 = k1;
        int slot = (int) ((k0 * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        while (true) {
          int c = slots[slot];
          if (c == 0) {
            if (classes == limit) {
              rollClasses = classes;
              return -1;
            }
            keys[classes] = k0;
            size[classes] = wt[off + u];
            rollSlot[classes] = slot;
            slots[slot] = ++classes;
            break;
          }
          if (keys[c - 1] == k0) {
            size[c - 1] += wt[off + u];
            break;
          }
          slot = (slot + 1) & msk;
        }
      }
    } else {
      long[] k = key;
      for (int u = 0; u < m; u++) {
        System.arraycopy(src, (off + u) * w, k, 0, w);
        for (int j = 0; j < nc; j++) {
          int i = changed[j];
          int id = (int) ((k[wordOf[i]] >>> shift[i]) & fieldMask[i]);
          k[wordOf[i]] = (k[wordOf[i]] & ~(fieldMask[i] << shift[i])) | ((long) changedMap[j][id] << shift[i]);
        }
        long hash = 0;
        for (int j = 0; j < w; j++) hash = (hash + k[j]) * 0x9E3779B97F4A7C15L;
        int slot = (int) (hash >>> (64 - bits));
        while (true) {
          int c = slots[slot];
          if (c == 0) {
            if (classes == limit) {
              rollClasses = classes;
              return -1;
            }
            System.arraycopy(k, 0, keys, classes * w, w);
            size[classes] = wt[off + u];
            rollSlot[classes] = slot;
            slots[slot] = ++classes;
            break;
          }
          if (Arrays.equals(keys, (c - 1) * w, c * w, k, 0, w)) {
            size[c - 1] += wt[off + u];
            break;
          }
          slot = (slot + 1) & msk;
        }
      }
    }
    rollClasses = classes;
    return classes;
  }

  private int[] rollSlot = new int[1024];
  /** {@link #rollUp}'s slot table of class numbers (1-based, 0 empty) when they fit in a char; half the cache lines of rollSlots. */
  private char[] narrowSlots = new char[1024];
  /** The table of {@link #rollUp} when it holds at most 32,768 classes (one-word keys): a char per slot. */
  private boolean lastNarrow;
  /**
   * How far up a path each check jumps from the last failing node (whose snapshot is the source).
   * Measured on Adult, k = 5, before the pinned snapshots (checks / tuples rolled up): 1 (every node, upwards) 1,818 / 11.9 M;
   * 2: 1,433 / 9.4 M; 3: 1,309 / 8.3 M; 4: 1,271 / 8.1 M; 5: 1,247 / 7.9 M; 6: 1,239 / 8.2 M;
   * 8: 1,243 / 8.3 M; binary search 1,389 / 13.4 M. A jump skips the checks of nodes a later
   * failure tags anyway, at the price of a source a few levels farther down; the path's bottom
   * is always checked (its snapshot is the cheap source of the jumps).
   */
  private static final int JUMP = 5;
  /** The climb's candidates (at most one per quasi-identifier): node, open predecessors, share of values kept by the level. */
  private final int[] climbNode;
  private final int[] climbOpen;
  private final double[] climbKeep;
  /** Snapshots of the nodes one level up in one quasi-identifier, computed at the start of each search and never evicted. */
  private final List<Snapshot> pinned = new ArrayList<>();

  private boolean sameKey(int slot, int w) {
    if (w == 1) return slotKeys[slot] == key[0];
    int o = slot * w;
    for (int j = 0; j < w; j++) {
      if (slotKeys[o + j] != key[j]) return false;
    }
    return true;
  }

  /** Whether a node is anonymous (monotone part only, or all models) within the budget. */
  private boolean anonymous(int[] levels, boolean full) {
    checks++;
    long suppressed = 0;
    if (!models.needsSensitive()) {
      int classes = countRolledUp(levels, classLimit);
      if (classes < 0) return false;
      if (classes > classLimit) {
        keep(levels, classes);
        return false;
      }
      int[] size = rollSize;
      int k = spec.k();
      int small = 0; // at most n records
      for (int c = 0; c < classes; c++) small += size[c] & ((size[c] - k) >> 31); // without a branch: size[c] if < k, else 0
      suppressed = small;
      if (suppressed <= budget) return true;
      keep(levels, classes);
      return false;
    }
    int classes = countClasses(levels);
    boolean[] bad = violating(classes, full);
    for (int c = 0; c < classes; c++) {
      if (bad[c]) suppressed += classSize[c];
    }
    return suppressed <= budget;
  }

  /** The classes that violate the models, after {@link #countClasses}. */
  private boolean[] violating(int classes, boolean full) {
    boolean[] bad = new boolean[classes];
    if (!models.needsSensitive()) {
      for (int c = 0; c < classes; c++) bad[c] = classSize[c] < spec.k();
      return bad;
    }
    int[] start = new int[classes + 1];
    for (int c = 0; c < classes; c++) start[c + 1] = start[c] + classSize[c];
    int[] fill = Arrays.copyOf(start, classes);
    int[] members = new int[n];
    for (int r = 0; r < n; r++) members[fill[classOf[r]]++] = r;
    for (int c = 0; c < classes; c++) bad[c] = !models.classOk(members, start[c], start[c + 1], full);
    return bad;
  }

  /**
   * Searches, then builds the output at the chosen node: violating classes suppressed (removed),
   * quasi-identifiers replaced by their labels at the chosen levels.
   *
   * @param riskThreshold the prosecutor-risk threshold of the output's risk metrics
   */
  public KAnonymizationResult anonymize(double riskThreshold) {
    Node node = search();
    int[] levels = node.levels().stream().mapToInt(Integer::intValue).toArray();
    int classes = countClasses(levels);
    boolean[] bad = violating(classes, true);
    List<String[]> out = new ArrayList<>(n);
    int[] suppressedRows = new int[n];
    int ns = 0;
    long discern = 0;
    int kept = 0;
    for (int c = 0; c < classes; c++) {
      if (!bad[c]) {
        discern += (long) classSize[c] * classSize[c];
        kept++;
      }
    }
    double nue = 0;
    double nueMax = 0;
    double prec = 0;
    int[][] leaves = new int[q][];
    long[][] countL = new long[q][];
    for (int i = 0; i < q; i++) {
      leaves[i] = new int[levelSize[i][levels[i]]];
      countL[i] = new long[levelSize[i][levels[i]]];
      for (int v = 0; v < count0[i].length; v++) {
        leaves[i][gen[i][levels[i]][v]]++;
        countL[i][gen[i][levels[i]][v]] += count0[i][v];
      }
    }
    for (int r = 0; r < n; r++) {
      String[] row = table.rows().get(r);
      boolean sup = bad[classOf[r]];
      for (int i = 0; i < q; i++) {
        int id0 = data[r * q + i];
        double full = log2((double) n / count0[i][id0]);
        nueMax += full;
        if (sup) {
          nue += full;
          prec += 1;
        } else {
          int g = gen[i][levels[i]][id0];
          nue += log2((double) countL[i][g] / count0[i][id0]);
          int d = count0[i].length;
          prec += d <= 1 ? 0 : (double) (leaves[i][g] - 1) / (d - 1);
        }
      }
      if (sup) {
        suppressedRows[ns++] = r;
        continue;
      }
      String[] o = row.clone();
      for (int i = 0; i < q; i++) o[qiCols[i]] = h[i].label(levels[i], data[r * q + i]);
      out.add(o);
    }
    discern += (long) ns * n;
    double intensity = 0;
    for (int i = 0; i < q; i++) intensity += maxLevel[i] == 0 ? 0 : (double) levels[i] / maxLevel[i];
    UtilityMetrics u = new UtilityMetrics(discern, kept == 0 ? 0 : (double) (n - ns) / ((double) kept * spec.k()),
        OptionalDouble.of(intensity / q), prec / ((double) n * q), nue, nueMax == 0 ? 0 : nue / nueMax);
    int sens = spec.sensitive().map(table::column).orElse(-1);
    RiskMetrics risk = RiskMetrics.compute(out, qiCols, sens, riskThreshold);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("lattice_nodes", node.latticeSize());
    search.put("nodes_checked", node.checks());
    search.put("units_counted", unitsCounted);
    search.put("loss_metric", "precomputed non-uniform entropy");
    search.put("loss_bits", node.loss());
    return new KAnonymizationResult("lattice", table.header(), out, Arrays.copyOf(suppressedRows, ns), Optional.of(node.levels()), u, risk,
        search);
  }
}
