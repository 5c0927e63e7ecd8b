public enum CoachCLI { public static func main() {} }
