from adaldyq.cli import main

main()
