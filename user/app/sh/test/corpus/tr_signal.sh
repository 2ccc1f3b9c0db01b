# A trapped signal runs its action
trap 'echo got USR1' USR1
kill -USR1 $$
echo after
trap 'echo got TERM; exit 9' TERM
kill -TERM $$
echo never
