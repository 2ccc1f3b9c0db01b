# && and || chains
true && echo a1
false && echo never
false || echo b1
true || echo never
false && echo x || echo c1
true && false || echo d1
true || false && echo e1
false || false || echo f1
! true || echo g1
! false && echo h1
echo status $?
