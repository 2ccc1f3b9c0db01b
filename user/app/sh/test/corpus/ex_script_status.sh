# The status of a script is its last command's
echo 'false' > s1.sh; $SH s1.sh; echo "s1 $?"
echo 'exit 12' > s2.sh; $SH s2.sh; echo "s2 $?"
printf 'echo hi\n(exit 3)\n' > s3.sh; $SH s3.sh; echo "s3 $?"
$SH -c 'true; false'; echo "c $?"
