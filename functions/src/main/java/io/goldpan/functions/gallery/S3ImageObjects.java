package io.goldpan.functions.gallery;

import io.goldpan.functions.aws.AwsCallException;
import io.goldpan.functions.aws.BucketConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ImageObjects} on S3: DeleteObjects in batches of 1000, sizes from one ListObjectsV2 per
 * key prefix (a job's {@code images/{jobId}/} or {@code thumbs/{jobId}/}), GetObject streamed.
 */
@Singleton
public class S3ImageObjects implements ImageObjects {
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;

  public S3ImageObjects(S3Client s3, BucketConfig bucket) {
    this.s3 = s3;
    this.bucket = bucket.bucket();
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      try {
        var response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
          throw new AwsCallException(
              "S3 DeleteObjects refused "
                  + response.errors().size()
                  + " objects, first: "
                  + response.errors().get(0).key()
                  + " "
                  + response.errors().get(0).code(),
              null);
        }
      } catch (SdkException e) {
        throw new AwsCallException("S3 DeleteObjects failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public Map<String, Long> sizes(Collection<String> keys) {
    Set<String> wanted = new HashSet<>(keys);
    Set<String> prefixes = new TreeSet<>();
    for (String key : wanted) {
      prefixes.add(key.substring(0, key.lastIndexOf('/') + 1));
    }
    Map<String, Long> sizes = new HashMap<>();
    for (String prefix : prefixes) {
      try {
        for (S3Object o :
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
          if (wanted.contains(o.key())) {
            sizes.put(o.key(), o.size());
          }
        }
      } catch (SdkException e) {
        throw new AwsCallException(
            "S3 ListObjectsV2 failed for prefix=" + prefix + ": " + e.getMessage(), e);
      }
    }
    return sizes;
  }

  @Override
  public void copy(String key, OutputStream out) {
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
      in.transferTo(out);
    } catch (SdkException e) {
      throw new AwsCallException("S3 GetObject failed for key=" + key + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("copying key=" + key + " failed", e);
    }
  }
}
