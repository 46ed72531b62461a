package io.goldpan.functions.gallery;

/** What the owner decided about one image. */
public enum Mark {
  KEPT,
  DISCARDED,
  /** Discarded and its objects deleted from S3. */
  PURGED
}
