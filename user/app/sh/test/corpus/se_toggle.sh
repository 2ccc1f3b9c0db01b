# set +e turns it off again, $- shows it
set -e
case $- in *e*) echo "e is on" ;; esac
set +e
case $- in *e*) echo "still on" ;; *) echo "e is off" ;; esac
false
echo "survived"
