fn main() -> std::process::ExitCode {
    design_advisor::cli::main()
}
