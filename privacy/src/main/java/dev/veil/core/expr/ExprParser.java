package dev.veil.core.expr;

import dev.veil.core.expr.Expr.CmpOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the filter language:
 *
 * <pre>
 * expr    := or
 * or      := and ('or' and)*
 * and     := not ('and' not)*
 * not     := 'not' not | pred
 * pred    := operand ( cmp operand | 'is' ['not'] 'null' | ['not'] 'in' '(' literal (',' literal)* ')' )?
 * operand := name | `quoted name` | 'string' | number | true | false | null | '(' expr ')'
 * cmp     := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 *
 * Keywords are case-insensitive. Errors name the character position. Runs in linear time (a
 * hand-written recursive-descent parser; no regular expressions).
 */
public final class ExprParser {
  private static final int MAX_DEPTH = 64;
  private final String text;
  private int pos;
  private int depth;

  private ExprParser(String text) {
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException with the position of the problem
   */
  public static Expr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("filter expression must be a non-empty string. Provided value: '" + text + "'");
    }
    ExprParser p = new ExprParser(text);
    Expr e = p.or();
    p.skipWs();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.substring(p.pos, Math.min(text.length(), p.pos + 10)) + "'");
    }
    return e;
  }

  private Expr or() {
    Expr left = and();
    while (keyword("or")) {
      left = new Expr.Or(left, and());
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (keyword("and")) {
      left = new Expr.And(left, not());
    }
    return left;
  }

  private Expr not() {
    if (keyword("not")) {
      enter();
      Expr e = new Expr.Not(not());
      depth--;
      return e;
    }
    return predicate();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private Expr predicate() {
    Expr left = operand();
    skipWs();
    if (keyword("is")) {
      boolean negated = keyword("not");
      if (!keyword("null")) {
        throw error("expected 'null' after 'is" + (negated ? " not" : "") + "'");
      }
      return new Expr.IsNull(left, negated);
    }
    int save = pos;
    boolean negated = keyword("not");
    if (keyword("in")) {
      expect('(');
      List<Expr.Literal> values = new ArrayList<>();
      do {
        Expr v = operand();
        if (!(v instanceof Expr.Literal lit)) {
          throw error("'in' takes literal values only");
        }
        values.add(lit);
      } while (accept(','));
      expect(')');
      return new Expr.In(left, values, negated);
    }
    pos = save;
    CmpOp op = cmpOp();
    if (op == null) {
      return left;
    }
    return new Expr.Compare(op, left, operand());
  }

  private CmpOp cmpOp() {
    skipWs();
    if (match("==") || match("=")) return CmpOp.EQ;
    if (match("!=") || match("<>")) return CmpOp.NE;
    if (match("<=")) return CmpOp.LE;
    if (match(">=")) return CmpOp.GE;
    if (match("<")) return CmpOp.LT;
    if (match(">")) return CmpOp.GT;
    return null;
  }

  private Expr operand() {
    skipWs();
    if (pos >= text.length()) {
      throw error("expression ends early; expected a field, a value or '('");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      enter();
      Expr e = or();
      expect(')');
      depth--;
      return e;
    }
    if (c == '\'' || c == '"') {
      return new Expr.Literal(quoted(c));
    }
    if (c == '`') {
      return new Expr.Column(quoted('`'));
    }
    if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String word = text.substring(start, pos);
      switch (word.toLowerCase(Locale.ROOT)) {
        case "true": return new Expr.Literal(Boolean.TRUE);
        case "false": return new Expr.Literal(Boolean.FALSE);
        case "null": return new Expr.Literal(null);
        case "and": case "or": case "not": case "is": case "in":
          pos = start;
          throw error("expected a field or a value, found keyword '" + word + "'");
        default: return new Expr.Column(word);
      }
    }
    throw error("unexpected character '" + c + "'");
  }

  private Expr number() {
    int start = pos;
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') pos++;
    boolean decimal = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isDigit(c)) {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E') {
        decimal = true;
        pos++;
        if ((c == 'e' || c == 'E') && pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) pos++;
      } else {
        break;
      }
    }
    String s = text.substring(start, pos);
    try {
      return new Expr.Literal(decimal ? (Object) Double.parseDouble(s) : (Object) Long.parseLong(s));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("'" + s + "' is not a number");
    }
  }

  private String quoted(char q) {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == q) {
        if (pos < text.length() && text.charAt(pos) == q) {
          sb.append(q);
          pos++;
        } else {
          return sb.toString();
        }
      } else {
        sb.append(c);
      }
    }
    pos = start;
    throw error("unterminated " + (q == '`' ? "quoted name" : "string") + " (close it with " + q + ")");
  }

  private boolean keyword(String kw) {
    skipWs();
    int end = pos + kw.length();
    if (end <= text.length() && text.regionMatches(true, pos, kw, 0, kw.length())
        && (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'))) {
      pos = end;
      return true;
    }
    return false;
  }

  private boolean match(String s) {
    if (text.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private boolean accept(char c) {
    skipWs();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skipWs() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("filter expression: " + what + " at position " + (pos + 1) + " of \"" + text + "\"");
  }
}
