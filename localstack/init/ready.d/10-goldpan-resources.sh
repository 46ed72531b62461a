#!/bin/bash
# Creates what Goldpan needs in LocalStack, the same as GoldpanResources does for the embedded
# emulators: the private bucket, and the jobs and events queues, each with a dead-letter queue
# (14 days' retention) and a redrive policy. Safe to run again: existing resources are kept.
set -euo pipefail

BUCKET="${GOLDPAN_BUCKET:-goldpan}"
JOBS_QUEUE="${GOLDPAN_JOBS_QUEUE:-goldpan-jobs}"
EVENTS_QUEUE="${GOLDPAN_EVENTS_QUEUE:-goldpan-events}"
MAX_RECEIVE_COUNT="${GOLDPAN_MAX_RECEIVE_COUNT:-3}"

awslocal s3api head-bucket --bucket "$BUCKET" 2>/dev/null \
  || awslocal s3api create-bucket --bucket "$BUCKET" >/dev/null

# queue_with_dlq NAME VISIBILITY_SECONDS
queue_with_dlq() {
  local name="$1" visibility="$2"
  local dlq_url dlq_arn
  dlq_url=$(awslocal sqs create-queue --queue-name "$name-dlq" \
    --attributes MessageRetentionPeriod=1209600 --query QueueUrl --output text)
  dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$dlq_url" \
    --attribute-names QueueArn --query Attributes.QueueArn --output text)
  local redrive="{\"deadLetterTargetArn\":\"$dlq_arn\",\"maxReceiveCount\":\"$MAX_RECEIVE_COUNT\"}"
  local attributes
  attributes=$(printf '{"VisibilityTimeout":"%s","RedrivePolicy":%s}' \
    "$visibility" "$(printf '%s' "$redrive" | sed 's/"/\\"/g; s/^/"/; s/$/"/')")
  awslocal sqs create-queue --queue-name "$name" --attributes "$attributes" >/dev/null
}

queue_with_dlq "$JOBS_QUEUE" 60
queue_with_dlq "$EVENTS_QUEUE" 30
echo "goldpan: bucket $BUCKET, queues $JOBS_QUEUE and $EVENTS_QUEUE (+ -dlq, maxReceiveCount $MAX_RECEIVE_COUNT) ready"
