# Backquotes with escapes
echo `echo \$HOME | tr -d /` >/dev/null
a=`echo 'sq'`; echo $a
echo "`echo "dq in bq"`"
echo `echo a\\\\b`
echo `printf '%s' x`y
