# Lists: ; && || &
echo a; echo b
true && echo and-yes
false && echo and-no
false || echo or-yes
true || echo or-no
false && echo x || echo fallback
true && false || echo chain
echo bg1 > bg.txt &
wait
cat bg.txt
sleep 0 & sleep 0 &
wait
echo waited
{ echo g1; echo g2; } | wc -l | tr -d ' '
(echo sub1; exit 4)
echo "subshell status $?"
x=outer
(x=inner; echo $x)
echo $x
(cd /; pwd)
cd /tmp && pwd
