package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * ORGANIZATION: capitalized token sequences ending in a legal-form suffix (Inc, Ltd, LLC, GmbH, PLC, Group, Corp, and Sons, &amp; Co...) or an organization word (Software, Consulting, Bank...), the company-name shapes "X, Y and Z" and "X-Y" of surnames, and a capitalized name after "work for / at", "employed by", "joined".
 *
 * <p>See {@link NerRecognizer} for the shared rules, scores, privacy and thread-safety contract.
 */
public final class OrganizationRecognizer extends NerRecognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return NerEngine.ORGANIZATION;
  }

  @Override
  public List<String> nameHints() {
    return List.of("company", "organization", "organisation", "employer", "org", "business", "firm");
  }

  @Override
  public List<String> contextWords() {
    return List.of("company", "works", "work", "worked", "employer", "employed", "corporation", "firm", "organization", "organisation", "joined", "ceo", "founded", "business", "startup", "subsidiary");
  }
}
