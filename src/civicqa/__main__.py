from civicqa.command import main

main()
