#!/bin/bash
# Creates what Goldpan needs in LocalStack, the same as GoldpanResources does for the embedded
# emulators: the private bucket, and the jobs and events queues, each with a dead-letter queue
# (14 days' retention) and a redrive policy. Safe to run again: what exists is kept, and its
# attributes are set to the ones below, so a changed GOLDPAN_MAX_RECEIVE_COUNT takes effect.
set -euo pipefail

BUCKET="${GOLDPAN_BUCKET:-goldpan}"
JOBS_QUEUE="${GOLDPAN_JOBS_QUEUE:-goldpan-jobs}"
EVENTS_QUEUE="${GOLDPAN_EVENTS_QUEUE:-goldpan-events}"
MAX_RECEIVE_COUNT="${GOLDPAN_MAX_RECEIVE_COUNT:-3}"

awslocal s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1 \
  || awslocal s3api create-bucket --bucket "$BUCKET" >/dev/null

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# queue NAME ATTRIBUTES_JSON: creates the queue, or, where it exists with other attributes (which
# create-queue refuses), sets ATTRIBUTES on it; prints its URL.
queue() {
  local name="$1" attributes="$2" url
  if url=$(awslocal sqs create-queue --queue-name "$name" --attributes "$attributes" \
    --query QueueUrl --output text 2>"$errors"); then
    printf '%s' "$url"
    return
  fi
  if ! grep -Eq 'QueueAlreadyExists|QueueNameExists' "$errors"; then
    cat "$errors" >&2
    return 1
  fi
  # (-e does not reach into the $(queue ...) that calls this: hence the explicit returns)
  url=$(awslocal sqs get-queue-url --queue-name "$name" --query QueueUrl --output text) || return 1
  awslocal sqs set-queue-attributes --queue-url "$url" --attributes "$attributes" || return 1
  printf '%s' "$url"
}

# queue_with_dlq NAME VISIBILITY_SECONDS
queue_with_dlq() {
  local name="$1" visibility="$2"
  local dlq_url dlq_arn
  dlq_url=$(queue "$name-dlq" '{"MessageRetentionPeriod":"1209600"}')
  dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$dlq_url" \
    --attribute-names QueueArn --query Attributes.QueueArn --output text)
  local redrive="{\"deadLetterTargetArn\":\"$dlq_arn\",\"maxReceiveCount\":\"$MAX_RECEIVE_COUNT\"}"
  local attributes
  attributes=$(printf '{"VisibilityTimeout":"%s","RedrivePolicy":%s}' \
    "$visibility" "$(printf '%s' "$redrive" | sed 's/"/\\"/g; s/^/"/; s/$/"/')")
  queue "$name" "$attributes" >/dev/null
}

queue_with_dlq "$JOBS_QUEUE" 60
queue_with_dlq "$EVENTS_QUEUE" 30
echo "goldpan: bucket $BUCKET, queues $JOBS_QUEUE and $EVENTS_QUEUE (+ -dlq, maxReceiveCount $MAX_RECEIVE_COUNT) ready"
