#!/bin/sh
# Stands in for ipmitool: records its argv (one argument a line) and whether IPMI_PASSWORD was in its
# environment, then runs the real ipmitool. The record goes next to this script, as SCRIPT.calls.
{
  printf '%s\n' "$@"
  if [ -n "$IPMI_PASSWORD" ]; then echo "#env IPMI_PASSWORD set"; fi
  echo "#end"
} >>"$0.calls"
exec ipmitool "$@"
