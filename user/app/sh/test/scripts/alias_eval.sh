# alias, unalias, eval, type
alias hi='echo hello'
hi there
alias ll='ls -d'
alias
unalias hi
hi 2>/dev/null || echo "hi gone"
alias e1='echo ' e2=expanded
e1 e2
eval 'echo evaluated; x=5'
echo "x=$x"
cmd='echo "a  b"'
eval $cmd
eval "for i in 1 2; do echo loop\$i; done"
type cd
type echo
type if
f() { :; }
type f
alias al=true
type al
type no-such-command-here
echo "type status $?"
