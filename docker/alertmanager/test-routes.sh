#!/usr/bin/env bash
# Checks alertmanager.yml and that every severity/team of the shipped alerts reaches the right receiver.
set -euo pipefail
cd "$(dirname "$0")"
amtool check-config alertmanager.yml
fail=0
route() { # expected receiver, then labels
  local want=$1; shift
  local got
  got=$(amtool config routes test --config.file=alertmanager.yml "$@" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "route $*: expected $want, got $got"; fail=1
  else
    echo "route $*: $got"
  fi
}
route platform-oncall severity=page team=ml-platform alertname=MLInferenceHighLatencyP95 model_name=m
route platform-oncall severity=page team=ml-platform alertname=PqpInstanceDown
route applied-ml-channel severity=ticket team=applied-ml alertname=MLDriftCriticalFeatureDetected model_name=m
route data-platform-channel severity=ticket team=data-platform alertname=MLFeatureMissingRatioHigh model_name=m
route applied-ml-channel severity=ticket team=applied-ml alertname=MLModelAccuracyDrop model_name=m
route applied-ml-channel severity=ticket team=applied-ml alertname=MLModelRocAucLow model_name=m
route applied-ml-channel severity=ticket team=applied-ml alertname=MLModelEstimatedAccuracyDrop model_name=m
route data-platform-channel severity=ticket team=data-platform alertname=MLGroundTruthCoverageLow model_name=m
route platform-oncall severity=page team=ml-platform alertname=PqpNotReady instance=pqp-0:9464
route platform-oncall severity=page team=ml-platform alertname=PqpNoWindowFinalized model_name=m
route ml-platform-tickets severity=ticket team=ml-platform alertname=PqpConsumerLagHigh instance=pqp-0:9464
route ml-platform-tickets severity=ticket team=ml-platform alertname=Other
exit $fail
