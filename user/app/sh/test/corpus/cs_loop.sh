# Substitution in loops and conditions
for w in $(echo 1 2 3); do echo "item $w"; done
if [ "$(echo yes)" = yes ]; then echo matched; fi
while [ "$(echo stop)" != stop ]; do echo never; done
count=0
for f in $(seq 1 5 2>/dev/null || echo 1 2 3 4 5); do count=$((count + f)); done
echo $count
