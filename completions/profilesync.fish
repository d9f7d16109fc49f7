function __profilesync_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __profilesync_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __profilesync_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __profilesync_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __profilesync_parse_tokens -S
    set -l unparsed_tokens (__profilesync_tokens -pc)
    switch $unparsed_tokens[1]
    case 'profilesync'
        __profilesync_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'sync'
            __profilesync_parse_subcommand 0 'config=' 'full' 'incremental' 'dry-run' 'force-deletes' 'if-due' 'strict' 'report=+' 'quiet' 'timings' 'version' 'h/help'
        case 'inspect'
            __profilesync_parse_subcommand 1 'type=' 'model=' 'entity=' 'summary' 'strict' 'allow-file-urls' 'version' 'h/help'
        case 'check'
            __profilesync_parse_subcommand 0 'config=' 'version' 'h/help'
        case 'report'
            __profilesync_parse_subcommand 0 'store=' 'config=' 'run=' 'format=' 'output=' 'version' 'h/help'
        case 'show'
            __profilesync_parse_subcommand 1 'store=' 'config=' 'history' 'version' 'h/help'
        case 'export'
            __profilesync_parse_subcommand 0 'store=' 'config=' 'format=' 'include-marked' 'output=' 'version' 'h/help'
        case 'runs'
            __profilesync_parse_subcommand 0 'store=' 'config=' 'version' 'h/help'
        case 'missing'
            __profilesync_parse_subcommand 0 'store=' 'config=' 'version' 'h/help'
        case 'purge'
            __profilesync_parse_subcommand 0 'store=' 'config=' 'yes' 'version' 'h/help'
        case 'schedule'
            __profilesync_parse_subcommand 0 'config=' 'count=' 'version' 'h/help'
        case 'generate'
            __profilesync_parse_subcommand 0 'users=' 'out=' 'seed=' 'drift=' 'domain=' 'force' 'version' 'h/help'
        case 'help'
            __profilesync_parse_subcommand -r 1 'version'
        end
    end
end

function __profilesync_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __profilesync_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __profilesync_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __profilesync_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__profilesync_tokens -p)
    if test -z "$(__profilesync_tokens -t)"
        set -l index (count (__profilesync_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'profilesync' -f
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'sync' -d 'Import the configured exports into the profile store and report what changed.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'inspect' -d 'Print an LDIF export, CSV extract or BDC model as JSON Lines.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'check' -d 'Validate a configuration, its models and inputs, and print what a run would read.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'report' -d 'Write the change report of a run (the last one by default) as text, JSON, CSV, HTML or LDIF.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'show' -d 'Show one profile: each value with its source and run; --history lists its changes.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'export' -d 'Export the store\'s active profiles with all their properties as JSON Lines, CSV or LDIF.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'runs' -d 'List the runs recorded in the store: kind, status, times, inputs and counts.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'missing' -d 'List profiles marked for deletion or excluded, with the reason and since when.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'purge' -d 'Delete the profiles marked for deletion or excluded (irreversible; needs --yes).'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'schedule' -d 'Show when the configured schedule is due and print crontab and systemd units for it.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'generate' -d 'Write a synthetic AD export, HR extract, BDC model and configuration.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_positional "profilesync" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" config' -l 'config' -d 'The configuration file (profilesync.yaml).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" full' -l 'full' -d 'Treat the directory files as complete exports (the default).'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" incremental' -l 'incremental' -d 'Treat the directory files as deltas since the last run.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" dry-run' -l 'dry-run' -d 'Compute and report everything, commit nothing.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" force-deletes' -l 'force-deletes' -d 'Apply a run even when it marks more profiles than the deletion threshold.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" if-due' -l 'if-due' -d 'Run only when the configuration\'s schedule has a due time since the last run; otherwise print a note and exit 0.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" strict' -l 'strict' -d 'Stop at the first input error (exit 1) instead of skipping the bad record.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync"' -l 'report' -d 'Write the change report to FILE; the format follows the extension (.txt .json .csv .html .ldif). Repeatable.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" quiet' -l 'quiet' -d 'Print nothing but errors.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" timings' -l 'timings' -d 'Print how long each stage of the run took, on stderr.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync sync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" type' -l 'type' -d 'Read the file as this kind instead of guessing from its extension (ldif, csv, bdcm).' -rfka 'ldif csv bdcm'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" model' -l 'model' -d 'A BDC model (.bdcm) that types the CSV rows; needs --entity.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" entity' -l 'entity' -d 'The BDC entity of --model that describes the CSV rows.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" summary' -l 'summary' -d 'Print counts instead of records.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" strict' -l 'strict' -d 'Stop at the first error with exit code 1.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" allow-file-urls' -l 'allow-file-urls' -d 'Follow `attr:< file:` URL values in LDIF (only below the file\'s own folder).'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync check" config' -l 'config' -d 'The configuration file (profilesync.yaml).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync check" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" run' -l 'run' -d 'The run to report (default: the last run).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" format' -l 'format' -d 'The report format.' -rfka 'text json csv html ldif'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" output' -l 'output' -d 'Write to FILE (atomically, mode 0600) instead of stdout.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync show" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync show" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync show" history' -l 'history' -d 'Also list every change of the profile, run by run.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync show" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" format' -l 'format' -d 'The export format.' -rfka 'jsonl csv ldif'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" include-marked' -l 'include-marked' -d 'Also export profiles marked for deletion or excluded (with their state).'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" output' -l 'output' -d 'Write to FILE (atomically, mode 0600) instead of stdout.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync runs" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync runs" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync runs" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync runs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync missing" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync missing" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync missing" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync missing" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync purge" store' -l 'store' -d 'The SQLite profile store.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync purge" config' -l 'config' -d 'Use the store named by this configuration file (when --store is not given).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync purge" yes' -l 'yes' -d 'Really delete them. Without it, only list what would be deleted.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync purge" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync purge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync schedule" config' -l 'config' -d 'The configuration file (profilesync.yaml).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync schedule" count' -l 'count' -d 'How many due times to print.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync schedule" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync schedule" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" users' -l 'users' -d 'Number of users in the first snapshot (at least 1).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" out' -l 'out' -d 'The folder to write into (created if needed).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" seed' -l 'seed' -d 'Seed of every random choice.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" drift' -l 'drift' -d 'Fraction of users each kind of change touches in a second snapshot (0 <= F < 0.5).' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" domain' -l 'domain' -d 'DNS name of the domain; its first label names the LDIF file and the account domain.' -rfka ''
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" force' -l 'force' -d 'Replace files a previous run generated.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" version' -l 'version' -d 'Show the version.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync generate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'profilesync' -n '__profilesync_should_offer_completions_for_flags_or_options "profilesync help" version' -l 'version' -d 'Show the version.'
