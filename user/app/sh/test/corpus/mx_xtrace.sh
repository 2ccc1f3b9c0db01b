# set -x traces commands on stderr
set -x
echo traced
x=1
set +x
echo quiet
