package dev.veil.privacy.budget;

/**
 * A reservation was refused: a cap would be exceeded, or the dataset has no policy. The refusal is recorded
 * in the ledger (a {@link EntryKind#REFUSED} entry) before this is thrown. The job must not release
 * anything.
 */
public class BudgetRefusedException extends LedgerException {
  private static final long serialVersionUID = 1L;
  private final transient Reservation reservation;

  /** With the refused reservation. */
  public BudgetRefusedException(Reservation reservation) {
    super(reservation.message());
    this.reservation = reservation;
  }

  /** The refused reservation (state {@link RunState#REFUSED}). */
  public Reservation reservation() {
    return reservation;
  }
}
