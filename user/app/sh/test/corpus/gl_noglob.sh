# set -f turns globbing off; quoted parts never glob
touch one two
set -f
echo *
set +f
echo *
v='*'
echo $v "$v"
echo "o"*
