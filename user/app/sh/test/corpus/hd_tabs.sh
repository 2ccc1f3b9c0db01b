# <<- strips leading tabs
if true; then
	cat <<-END
	indented with a tab
		two tabs
	  tab then spaces
	END
fi
