# A here-document whose delimiter never comes ends at the end of the input
$SH -c 'cat <<END | wc -l'
$SH -c 'cat <<END
one
two'
printf 'cat <<END\nlast line\n' > s.sh
$SH s.sh
