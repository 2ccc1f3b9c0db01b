# Aliases in scripts are expanded in later lines
alias say='echo said'
say hello
alias two='echo one; echo two'
two
unalias say
say 2>/dev/null || echo "alias removed"
alias
