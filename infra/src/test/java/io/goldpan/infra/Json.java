package io.goldpan.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers for walking synthesized CloudFormation JSON. */
final class Json {
  private Json() {}

  /** A value that CloudFormation allows as a scalar or a list, always as a list. */
  static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  /** The statements of a policy resource's PolicyDocument. */
  static List<Map<String, Object>> statements(Map<String, Object> policyProperties) {
    return list(map(policyProperties.get("PolicyDocument")).get("Statement")).stream()
        .map(Json::map)
        .toList();
  }

  static Map<String, Object> getAtt(String logicalId, String attribute) {
    return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
  }

  static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  /** {@code bucketArn + suffix} as CDK renders {@code arnForObjects}. */
  static Map<String, Object> bucketArnPlus(String bucketId, String suffix) {
    return Map.of("Fn::Join", List.of("", List.of(getAtt(bucketId, "Arn"), suffix)));
  }

  /** Whether {@code value} (any JSON) mentions {@code logicalId} in a Ref or GetAtt. */
  static boolean references(Object value, String logicalId) {
    if (value instanceof Map<?, ?> m) {
      if (logicalId.equals(m.get("Ref"))) {
        return true;
      }
      Object att = m.get("Fn::GetAtt");
      if (att instanceof List<?> l && !l.isEmpty() && logicalId.equals(l.get(0))) {
        return true;
      }
      return m.values().stream().anyMatch(v -> references(v, logicalId));
    }
    if (value instanceof List<?> l) {
      return l.stream().anyMatch(v -> references(v, logicalId));
    }
    return false;
  }
}
