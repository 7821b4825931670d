#!/bin/bash
ROWS=`python3 tools/count`
echo "rows: $ROWS"
