# cd, pwd, PWD and OLDPWD
mkdir -p a/b
start=$PWD
cd a/b && pwd | sed "s|^$start|START|"
cd .. && echo "${PWD#$start/}"
cd - >/dev/null && echo "${PWD#$start/}"
cd "$start"
cd nosuchdir 2>/dev/null || echo "cd failed $?"
HOME=$start/a; cd && echo "${PWD#$start/}"
