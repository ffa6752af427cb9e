# Reliability: many runspaces of one process sharing one token and one request budget, and a day of scheduled jobs
# in one process against the token endpoint's 15 requests an hour. Rows go to out/test-results/reliability.md.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:modulePath = Get-AuraTestModulePath
    # Token limit on (15 an hour), tokens live an hour, and a low API limit so that pacing is proved in about a minute.
    $script:rateLimit = 60
    $script:emu = Start-AuraTestEmulator -KeepTokenLimit -ArgumentList '--rate-limit', $rateLimit, '--token-lifetime-seconds', '3600'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:ids = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8'

    function Complete-Case {
        param([string] $Fault, $Case, $Log, [int] $Inputs, [int] $Outputs, [int] $Errors, [int] $RateLimit, [string] $Outcome, [string] $Retries)
        $inv = Test-AuraInvariants -Log $Log -RateLimit $RateLimit -Inputs $Inputs -Outputs $Outputs -Errors $Errors
        Add-ReliabilityRow -Suite Concurrency -Fault $Fault -Requests (Get-AuraLogSummary $Log) -Retries $Retries `
            -Outcome $Outcome -Invariants $inv.Text -Held $inv.Held
        $inv
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Runspaces of one process' {
    It '8 runspaces x 8 calls share one token and one budget of <RateLimit> a minute: no 429, no window above it' -ForEach @(@{ RateLimit = 60 }) {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -RequestsPerMinute $RateLimit
        $case = Invoke-AuraCase {
            1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:modulePath
                $ids = $using:ids
                foreach ($n in 1..8) { Get-AuraInstance -InstanceId $ids[($_ + $n) % 5] }
            }
        }
        $log = Read-AuraRequestLog $emu
        $api = @(Get-ApiEntries $log)
        $first = ConvertTo-LogTime $api[0].time; $last = ConvertTo-LogTime $api[-1].time
        $outcome = "$($case.Output.Count) instances, $($case.Errors.Count) errors; API requests spread over $([int]($last - $first).TotalSeconds) s"
        $inv = Complete-Case -Fault "8 runspaces x 8 calls, client and API limit $RateLimit/min" -Case $case -Log $log `
            -Inputs 64 -Outputs $case.Output.Count -Errors $case.Errors.Count -RateLimit $RateLimit -Outcome $outcome -Retries "$($case.Retries)"

        $case.Errors | Should -BeNullOrEmpty
        $case.Output.Count | Should -Be 64
        @(Get-TokenEntries $log).Count | Should -Be 1 -Because 'the token Connect-Aura fetched is shared by every runspace'
        $api.Count | Should -Be 64
        # More requests than the limit allows in a minute: only pacing shared by all runspaces keeps every window under it.
        $api.Count | Should -BeGreaterThan $RateLimit
        @($log | Where-Object status -EQ 429).Count | Should -Be 0
        $inv.MaxInWindow | Should -BeLessOrEqual $RateLimit
        $inv.Held | Should -BeTrue -Because $inv.Text
    }
}

Describe 'A day of scheduled jobs in one process (token limit 15 an hour on)' {
    BeforeAll {
        # A scheduled job as a runbook does it: sign in with the same credentials, do its work, optionally sign out.
        # Real jobs run an hour apart, so pacing never holds them up; here they run back to back (48 calls stay
        # under the module's 120 a minute and the emulator's 125).
        function Invoke-ScheduledJob {
            param([int] $Number, [switch] $Disconnect)
            Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -ErrorAction Stop
            Get-AuraInstance -InstanceId $ids[$Number % 5] -ErrorAction Stop
            Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Latest -ErrorAction Stop
            if ($Disconnect) { Disconnect-Aura }
        }
    }

    BeforeEach {
        # Fresh token budget, 125 a minute for the API; no token cached in the process.
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ rate_limit_per_minute = 125 }
        Disconnect-Aura
    }

    It '24 jobs (Connect-Aura + 2 cmdlets each) cost one token request' {
        $failed = 0
        $case = Invoke-AuraCase { foreach ($n in 1..24) { try { Invoke-ScheduledJob $n } catch { $failed++; $_ } } }
        $log = Read-AuraRequestLog $emu
        $tokens = @(Get-TokenEntries $log)
        $inv = Complete-Case -Fault '24 scheduled jobs, token lifetime 3600 s' -Case $case -Log $log -Inputs 48 `
            -Outputs $case.Output.Count -Errors $case.Errors.Count -RateLimit 125 -Retries "$($case.Retries)" `
            -Outcome "24 jobs ok; $($tokens.Count) token request(s) (limit 15/h)"

        $case.Errors | Should -BeNullOrEmpty
        $case.Output.Count | Should -Be 48
        $tokens.Count | Should -Be 1
        $inv.Held | Should -BeTrue -Because $inv.Text
    }

    It '24 jobs while the token runs out twice (after jobs 8 and 16): exactly two renewals, when needed' {
        $case = Invoke-AuraCase {
            foreach ($n in 1..24) {
                if ($n -in 9, 17) { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/expire' }
                try { Invoke-ScheduledJob $n } catch { $_ }
            }
        }
        $log = Read-AuraRequestLog $emu
        $tokens = @(Get-TokenEntries $log)
        $inv = Complete-Case -Fault '24 scheduled jobs, token expired after jobs 8 and 16' -Case $case -Log $log -Inputs 48 `
            -Outputs $case.Output.Count -Errors $case.Errors.Count -RateLimit 125 -Retries "$($case.Retries) + $($case.Renewals) token renewals" `
            -Outcome "24 jobs ok; $($tokens.Count) token requests (limit 15/h)"

        $case.Errors | Should -BeNullOrEmpty
        $case.Output.Count | Should -Be 48
        $tokens.Count | Should -Be 3
        @($log | Where-Object status -EQ 403).Count | Should -Be 2
        $case.Renewals | Should -Be 2
        # Each renewal came right after the refusal that needed it, not before.
        $order = @($log | ForEach-Object { if ($_.path -match '/oauth/token$') { 'T' } elseif ([int]$_.status -eq 403) { 'X' } else { '.' } }) -join ''
        # Each job is 2 or 3 requests (-Latest reads yesterday too when today has nothing yet): 16 or more between renewals.
        $order | Should -Match '^T\.{16,}XT\.{16,}XT\.{16,}$'
        $inv.Held | Should -BeTrue -Because $inv.Text
    }

    It '24 jobs that each end with Disconnect-Aura: the 16th in an hour is refused clearly and the token endpoint is not asked again' {
        # Disconnect-Aura forgets the cached token (contract), so each job's Connect-Aura asks for a new one.
        $jobs = [System.Collections.Generic.List[string]]::new()
        $case = Invoke-AuraCase {
            foreach ($n in 1..24) {
                try { Invoke-ScheduledJob $n -Disconnect; $jobs.Add('ok') }
                catch { $jobs.Add(($_.FullyQualifiedErrorId -split ',')[0]); $_ }
            }
        }
        $log = Read-AuraRequestLog $emu
        $tokens = @(Get-TokenEntries $log)
        $refused = @($jobs | Where-Object { $_ -ne 'ok' })
        $inv = Complete-Case -Fault '24 scheduled jobs each ending with Disconnect-Aura, within one hour' -Case $case -Log $log `
            -Inputs 24 -Outputs ($jobs.Count - $refused.Count) -Errors $refused.Count -RateLimit 125 -Retries "$($case.Retries)" `
            -Outcome "$($jobs.Count - $refused.Count) jobs ok, $($refused.Count) refused ($(@($refused | Select-Object -Unique) -join ', ')); $($tokens.Count) token requests"

        @($jobs[0..14] | Where-Object { $_ -ne 'ok' }) | Should -BeNullOrEmpty
        @($jobs[15..23] | Select-Object -Unique) | Should -Be @('AuraTokenRateLimited')
        @($tokens | Where-Object status -EQ 200).Count | Should -Be 15
        @($tokens | Where-Object status -EQ 429).Count | Should -Be 1 -Because 'after the 429 the module waits for Retry-After instead of asking again'
        $tokens.Count | Should -Be 16
        $message = ($case.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'AuraTokenRateLimited*' } | Select-Object -First 1).Exception.Message
        $message | Should -Match '15 token requests an hour'
        $message | Should -Match 'try again in'
        $inv.Limiter429 | Should -Be 0
        $inv.Held | Should -BeTrue -Because $inv.Text
    }
}
