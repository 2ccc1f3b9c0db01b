# set -e in subshells and pipelines
set -e
( false; echo never ) || echo "subshell failed"
false | true
echo "pipeline ok"
x=$(false; echo printed)
echo "x=$x"
(set +e; false; echo "set +e in subshell")
echo end
