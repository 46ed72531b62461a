package io.goldpan.runner.hub;

/** The repo and revision exist but the file does not ({@code 404}, {@code EntryNotFound}). */
public class EntryNotFoundException extends HubException {
  public EntryNotFoundException(String message) {
    super(message);
  }
}
