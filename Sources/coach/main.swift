// main.swift — the `coach` executable: all logic lives in CoachCLI.
import CoachCLI

CoachCLI.main()
