# Reliability and security, round 2 (issue 13): each fix attacked at the prompt, in real pwsh, against the BUILT
# module. The attacks use the emulator (faults, settings, its request log) and a hostile HTTP server
# (Reliability/HostileServer.psm1) that answers whatever a case scripts. One Describe per item; every case writes its
# row to out/test-results/reliability.md (suite Round2) and asserts its invariant.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/HostileServer.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:modulePath = Get-AuraTestModulePath
    $script:tenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:paceVariable = 'NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE'
    $script:savedPace = [Environment]::GetEnvironmentVariable($paceVariable)
    $script:runspaces = [System.Collections.Generic.List[powershell]]::new()
    $script:jobs = [System.Collections.Generic.List[object]]::new()
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('aura-round2-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force $work

    # The emulator without its own limiter. The variable raises the module's pace for this loopback host (it is read
    # when the host's first connection is made), so that the many calls here never wait for the module's 120 a minute.
    $script:emu = Start-AuraTestEmulator -ArgumentList '--rate-limit', '0'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    [Environment]::SetEnvironmentVariable($paceVariable, '100000')
    try { $script:conn = Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -PassThru }
    finally { [Environment]::SetEnvironmentVariable($paceVariable, $savedPace) }

    # The hostile server and a connection to it (plain http is allowed to loopback). Its token endpoint issues a new
    # 43-character token per request; every token issued is in $hostile.Issued.
    $script:hostile = Start-HostileServer
    $script:hostileSecretText = 'hostile-client-secret-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $script:hostileSecret = ConvertTo-SecureString $hostileSecretText -AsPlainText -Force
    $script:hconn = Connect-Aura -ClientId 'r2-hostile' -ClientSecret $hostileSecret -BaseUri $hostile.BaseUri -PassThru
    $script:tenantJson = '{"data":{"id":"' + $tenant + '","name":"Prod","instance_configurations":[{"cloud_provider":"gcp","region":"europe-west1","region_name":"Belgium","type":"enterprise-db","memory":"8GB","storage":"16GB","version":"5"}]}}'

    function Add-Fault {
        param([string] $Method, [string] $Path, [int] $Count, [int] $Status, [int] $RetryAfter = -1)
        $body = @{ method = $Method; path = $Path; count = $Count; kind = 'status'; status = $Status }
        if ($RetryAfter -ge 0) { $body.retry_after_seconds = $RetryAfter }
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/faults' -Body $body
    }

    function Clear-Fault { $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults' }

    function Set-EmulatorSetting([hashtable] $Settings) {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body $Settings
    }

    function Get-ErrorId($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] }

    function Get-Password($Credential) { $Credential.GetNetworkCredential().Password }

    function Add-Round2Row {
        param([string] $Fault, [string] $Requests, [string] $Retries = '', [string] $Outcome, [string] $Invariants, [bool] $Held)
        Add-ReliabilityRow -Suite Round2 -Fault $Fault -Requests $Requests -Retries $Retries -Outcome $Outcome -Invariants $Invariants -Held $Held
    }

    # A [powershell] on its own runspace (disposed in AfterAll), started with BeginInvoke.
    function Start-TrackedPowerShell {
        param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $Arguments = @())
        $ps = [powershell]::Create()
        $runspaces.Add($ps)
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Wait-Until {
        param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSec = 20)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { return $false }
            Start-Sleep -Milliseconds 25
        }
        $true
    }

    # Every form a secret could take in text: as it is, UTF-16 hex (CliXml's SecureString off Windows), base64.
    function Find-Secret([string] $Text, [string[]] $Secrets) {
        foreach ($s in $Secrets) {
            $forms = @($s, (-join ([Text.Encoding]::Unicode.GetBytes($s) | ForEach-Object { $_.ToString('x2') })),
                [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s)))
            # Named by its first characters only: the report must not spread what it looks for.
            foreach ($form in $forms) { if ($Text.Contains($form)) { "'$($s.Substring(0, [Math]::Min(6, $s.Length)))...' found"; break } }
        }
    }

    # Everything a user could see of error records and stream records, as text.
    function ConvertTo-ScanText([object[]] $Records) {
        $parts = foreach ($r in $Records) {
            if ($null -eq $r) { continue }
            if ($r -is [System.Management.Automation.ErrorRecord]) {
                "$r"; $r.Exception.ToString(); "$($r.ErrorDetails)"; "$($r.TargetObject)"
                $r | Format-List * -Force | Out-String -Width 500
            }
            elseif ($r -is [System.Management.Automation.InformationalRecord]) { $r.Message }
            else { "$r"; $r | Format-List * -Force | Out-String -Width 500 }
        }
        $parts -join "`n"
    }
}

AfterAll {
    foreach ($ps in $runspaces) {
        try { if ($ps.InvocationStateInfo.State -eq 'Running') { $ps.Stop() } } catch { }
        $ps.Dispose()
    }
    foreach ($job in $jobs) { Remove-Job $job -Force -ErrorAction SilentlyContinue }
    if ($script:hostile) { Stop-HostileServer $script:hostile }
    if ($script:paceEmu) { Stop-AuraTestEmulator $script:paceEmu }
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    [Environment]::SetEnvironmentVariable($paceVariable, $savedPace)
    Disconnect-Aura -ErrorAction SilentlyContinue
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Item 1: 403s do not burn tokens' {
    It '50 forbidden calls, then 8 runspaces at once: each AuraPermissionDenied, at most 2 token requests in all, and an allowed call still works' {
        # 58 forbidden calls plus the one retry the first refusal earns (with a new token, in case the first had
        # expired) need 59 403s; more are injected so that a regression (a renewal per refusal) still meets 403s.
        Add-Fault -Method GET -Path '/v1/instances/a1b2c3d4' -Count 150 -Status 403
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $serial = foreach ($n in 1..50) {
            try { $null = Get-AuraInstance -InstanceId a1b2c3d4 -Connection $conn -ErrorAction Stop; 'output' } catch { Get-ErrorId $_ }
        }
        $serialMs = $sw.ElapsedMilliseconds
        $parallel = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:modulePath
            try { $null = Get-AuraInstance -InstanceId a1b2c3d4 -Connection $using:conn -ErrorAction Stop; 'output' }
            catch { ($_.FullyQualifiedErrorId -split ',')[0] }
        }
        Clear-Fault
        $allowed = Get-AuraInstance -InstanceId b2c3d4e5 -Connection $conn -ErrorAction SilentlyContinue -ErrorVariable allowedErrors
        # The whole log since the emulator started: Connect-Aura's token request is in it.
        $log = Read-AuraRequestLog $emu
        $tokens = @(Get-TokenEntries $log).Count
        $forbidden = @($log | Where-Object { [int]$_.status -eq 403 }).Count
        $denied = @(@($serial) + @($parallel) | Where-Object { $_ -eq 'AuraPermissionDenied' }).Count
        $held = $denied -eq 58 -and $tokens -le 2 -and $allowed.Id -eq 'b2c3d4e5' -and $forbidden -eq 58 + ($tokens - 1)
        Add-Round2Row -Fault 'R2-1: 403 on every GET of a1b2c3d4; 50 calls, then 8 runspaces at once, then an allowed GET' `
            -Requests (Get-AuraLogSummary $log) -Retries "$($forbidden - 58) retry after a refusal" `
            -Outcome "$denied/58 AuraPermissionDenied (50 in $serialMs ms); allowed call: $($allowed.Id); $tokens token requests in all" `
            -Invariants "token requests $tokens (at most 2); 403s $forbidden = 58 calls + $($tokens - 1) renewal retry" -Held $held

        @($serial) | Should -Be @(1..50 | ForEach-Object { 'AuraPermissionDenied' })
        @($parallel) | Should -Be @(1..8 | ForEach-Object { 'AuraPermissionDenied' })
        $allowedErrors | Should -BeNullOrEmpty
        $allowed.Id | Should -Be 'b2c3d4e5'
        $tokens | Should -BeLessOrEqual 2 -Because 'Connect-Aura''s token and at most one renewal: 58 refusals must not cost 58 tokens (15 an hour)'
        $forbidden | Should -Be (58 + ($tokens - 1)) -Because 'only a renewal earns one more try'
    }
}

Describe 'Item 2: the one-time password reaches the user when a wait fails' {
    BeforeAll {
        # A connection of its own, current in this runspace: (Get-AuraConnection).CreatedInstances is its list.
        $script:conn2 = Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -PassThru
        function New-Params([string] $Name) {
            @{ Name = $Name; TenantId = $tenant; Region = 'europe-west1'; CloudProvider = 'gcp'; Type = 'enterprise-db'; Memory = '8GB' }
        }
        function Get-Kept([string] $Id) { @((Get-AuraConnection).CreatedInstances | Where-Object Id -EQ $Id) }
    }

    BeforeEach {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        Set-EmulatorSetting @{ creation_seconds = 30 }
    }

    It 'times out (-Wait -TimeoutSec 2, creation takes 30 s): the error''s TargetObject carries the Credential, a warning says where, CreatedInstances has it' {
        $p = New-Params 'r2-timeout'
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = New-AuraInstance @p -Wait -TimeoutSec 2 -ErrorVariable err -WarningVariable warn -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $seconds = $sw.Elapsed.TotalSeconds
        $log = Read-AuraRequestLog $emu
        $target = if ($err.Count) { $err[0].TargetObject }
        $password = if ($target -and $target.Credential) { Get-Password $target.Credential }
        $kept = if ($target) { Get-Kept $target.Id }
        $held = $err.Count -eq 1 -and (Get-ErrorId $err[0]) -eq 'AuraWaitTimeout' -and $password -and $kept.Count -eq 1 -and
            (Get-Password $kept[0].Credential) -eq $password -and "$warn" -match 'TargetObject' -and "$warn" -match 'CreatedInstances'
        Add-Round2Row -Fault 'R2-2: New-AuraInstance -Wait -TimeoutSec 2, creation 30 s' -Requests (Get-AuraLogSummary $log) `
            -Outcome ("$(@($err | ForEach-Object { Get-ErrorId $_ }) -join ', ') after $([Math]::Round($seconds, 1)) s; TargetObject " +
                "$(if ($target) { $target.PSObject.TypeNames[0] }) with a $($password.Length)-char password; $($warn.Count) warning; on CreatedInstances: $($kept.Count)") `
            -Invariants 'password on the error''s TargetObject and on CreatedInstances; the warning names both' -Held $held

        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'AuraWaitTimeout'
        $target | Should -BeOfType 'Neo4jAura.AuraInstance'
        $target.Credential | Should -BeOfType [pscredential]
        $password.Length | Should -BeGreaterThan 7
        "$warn" | Should -Match 'one-time password'
        "$warn" | Should -Match 'TargetObject'
        "$warn" | Should -Match 'CreatedInstances'
        $kept.Count | Should -Be 1
        Get-Password $kept[0].Credential | Should -BeExactly $password
        @($log | Where-Object method -EQ POST).Count | Should -Be 1
    }

    It 'polls meet 500s until the retries give up: the error''s TargetObject carries the Credential, a warning says where, CreatedInstances has it' {
        # Every GET of an instance answers 500 (Retry-After 0 keeps the retries quick); the POST is not matched.
        Add-Fault -Method GET -Path '/v1/instances/*' -Count 500 -Status 500 -RetryAfter 0
        $p = New-Params 'r2-poll-5xx'
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = New-AuraInstance @p -Wait -TimeoutSec 60 -ErrorVariable err -WarningVariable warn -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $seconds = $sw.Elapsed.TotalSeconds
        Clear-Fault
        $log = Read-AuraRequestLog $emu
        $target = if ($err.Count) { $err[0].TargetObject }
        $password = if ($target -and $target.Credential) { Get-Password $target.Credential }
        $kept = if ($target) { Get-Kept $target.Id }
        $held = $err.Count -eq 1 -and (Get-ErrorId $err[0]) -eq 'AuraServerError' -and $password -and $kept.Count -eq 1 -and
            (Get-Password $kept[0].Credential) -eq $password -and "$warn" -match 'TargetObject'
        Add-Round2Row -Fault 'R2-2: New-AuraInstance -Wait, every poll answered 500 (Retry-After 0)' -Requests (Get-AuraLogSummary $log) `
            -Outcome ("$(@($err | ForEach-Object { Get-ErrorId $_ }) -join ', ') after $([Math]::Round($seconds, 1)) s; TargetObject " +
                "with a $($password.Length)-char password; $($warn.Count) warning; on CreatedInstances: $($kept.Count)") `
            -Invariants 'password on the error''s TargetObject and on CreatedInstances; POST sent once' -Held $held

        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'AuraServerError'
        $err[0].Exception.Message | Should -Match 'Gave up after \d+ attempts'
        $target | Should -BeOfType 'Neo4jAura.AuraInstance'
        $password.Length | Should -BeGreaterThan 7
        "$warn" | Should -Match 'TargetObject'
        $kept.Count | Should -Be 1
        Get-Password $kept[0].Credential | Should -BeExactly $password
        @($log | Where-Object method -EQ POST).Count | Should -Be 1
        @($log | Where-Object { $_.method -eq 'GET' -and [int]$_.status -eq 500 }).Count | Should -BeGreaterThan 1
    }

    It 'is stopped (Stop() once the POST is in the log) while it waits: the password is on CreatedInstances' {
        $run = Start-TrackedPowerShell -Arguments $modulePath, $conn2, $tenant -Script {
            param($ModulePath, $Connection, $Tenant)
            Import-Module $ModulePath
            New-AuraInstance -Name 'r2-stopped' -TenantId $Tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB `
                -Wait -TimeoutSec 60 -Connection $Connection
        }
        $posted = Wait-Until { @((Read-AuraRequestLog $emu) | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1/instances' }).Count -gt 0 }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $run.PowerShell.Stop()
        $stopMs = $sw.ElapsedMilliseconds
        $state = $run.PowerShell.InvocationStateInfo.State
        $log = Read-AuraRequestLog $emu
        $id = ((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').instances | Where-Object name -EQ 'r2-stopped').id
        $kept = Get-Kept $id
        $password = if ($kept.Count -eq 1 -and $kept[0].Credential) { Get-Password $kept[0].Credential }
        $held = $posted -and "$state" -eq 'Stopped' -and $password.Length -gt 7
        Add-Round2Row -Fault 'R2-2: New-AuraInstance -Wait stopped with Stop() after the POST' -Requests (Get-AuraLogSummary $log) `
            -Outcome "state $state, Stop() took $stopMs ms; instance $id on CreatedInstances with a $($password.Length)-char password" `
            -Invariants 'the password of a created instance survives Ctrl+C' -Held $held

        $posted | Should -BeTrue
        "$state" | Should -Be 'Stopped'
        $id | Should -Not -BeNullOrEmpty
        $kept.Count | Should -Be 1
        $kept[0].Credential | Should -BeOfType [pscredential]
        $password.Length | Should -BeGreaterThan 7
        $run.PowerShell.Streams.Error | Should -BeNullOrEmpty
    }

    It 'in a Start-Job: the caller gets the instance without its Credential (not serialised); inside the job the password is there' {
        # The job is a separate pwsh process: it imports the built module and connects itself.
        $job = Start-Job -ArgumentList $modulePath, $emu.BaseUri, $emu.ClientId, $emu.ClientSecret, $tenant -ScriptBlock {
            param($ModulePath, $BaseUri, $ClientId, $ClientSecret, $Tenant)
            Import-Module $ModulePath
            Connect-Aura -ClientId $ClientId -ClientSecret (ConvertTo-SecureString $ClientSecret -AsPlainText -Force) -BaseUri $BaseUri
            $i = New-AuraInstance -Name 'r2-job' -TenantId $Tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB
            $i
            [pscustomobject]@{
                Inside             = $true
                CredentialType     = $i.Credential.GetType().FullName
                PasswordLength     = $i.Credential.GetNetworkCredential().Password.Length
                OnCreatedInstances = @((Get-AuraConnection).CreatedInstances | Where-Object Id -EQ $i.Id | Where-Object Credential).Count
            }
        }
        $jobs.Add($job)
        $finished = Wait-Job $job -Timeout 60
        $received = @(Receive-Job $job -ErrorVariable jobErrors -WarningVariable jobWarnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $instance = @($received | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.Neo4jAura.AuraInstance' })
        $inside = @($received | Where-Object { $_.PSObject.Properties['Inside'] })
        $callerHasCredential = $instance.Count -eq 1 -and $null -ne $instance[0].PSObject.Properties['Credential']
        $inCallerSession = if ($instance.Count -eq 1) { @(Get-Kept $instance[0].Id).Count } else { -1 }
        $held = $finished -and $instance.Count -eq 1 -and -not $callerHasCredential -and $inside.Count -eq 1 -and $inside[0].PasswordLength -gt 7
        Add-Round2Row -Fault 'R2-2: New-AuraInstance in Start-Job, read with Receive-Job' -Requests (Get-AuraLogSummary (Read-AuraRequestLog $emu)) `
            -Outcome ("job $($job.State); caller got $($instance.Count) Deserialized.Neo4jAura.AuraInstance, Credential property: $callerHasCredential; " +
                "inside the job: $($inside.CredentialType), $($inside.PasswordLength)-char password, on the job's CreatedInstances: $($inside.OnCreatedInstances); " +
                "on the caller's CreatedInstances: $inCallerSession") `
            -Invariants 'the password is never serialised out of the job; only code inside the job can read it' -Held $held

        $finished | Should -Not -BeNullOrEmpty
        "$($job.State)" | Should -Be 'Completed'
        $jobErrors | Should -BeNullOrEmpty
        $instance.Count | Should -Be 1
        $instance[0].Id | Should -Match '^[0-9a-f]{8}$'
        $callerHasCredential | Should -BeFalse -Because 'Types.ps1xml serialises AuraInstance without its Credential (CliXml would carry it unencrypted off Windows)'
        $inside.Count | Should -Be 1
        $inside[0].CredentialType | Should -Be 'System.Management.Automation.PSCredential'
        $inside[0].PasswordLength | Should -BeGreaterThan 7
        $inside[0].OnCreatedInstances | Should -Be 1
        $inCallerSession | Should -Be 0 -Because 'the job''s CreatedInstances live in the job''s process'
        "$jobWarnings" | Should -Match 'does not leave this job or remote session' -Because 'the job''s output is serialised without the Credential, however the caller keeps it'
    }
}

Describe 'Item 3: linear redaction of hostile bodies, and Stop()' {
    BeforeAll {
        $script:fourMb = 'a-' * (2MB)
        $script:bodies = @{
            'text/plain 4MB' = [Text.Encoding]::UTF8.GetBytes($fourMb)
            'json 4MB'       = [Text.Encoding]::UTF8.GetBytes('{"errors":[{"message":"' + $fourMb + '","reason":"hostile"}]}')
            'text/plain 64KB' = [Text.Encoding]::UTF8.GetBytes('a-' * 32KB)
            'json 64KB'      = [Text.Encoding]::UTF8.GetBytes('{"errors":[{"message":"' + ('a-' * 32KB) + '","reason":"hostile"}]}')
        }
    }

    BeforeEach { Clear-HostileServer $hostile }

    It 'a 400 whose body is <Label> comes back as AuraBadRequest, quickly, with a bounded message' -ForEach @(
        @{ Label = '4 MB of a-a-a- as text/plain'; Key = 'text/plain 4MB'; ContentType = 'text/plain' }
        @{ Label = '4 MB of a-a-a- in a JSON message'; Key = 'json 4MB'; ContentType = 'application/json' }
        @{ Label = '64 KB of a-a-a- as text/plain'; Key = 'text/plain 64KB'; ContentType = 'text/plain' }
        @{ Label = '64 KB of a-a-a- in a JSON message'; Key = 'json 64KB'; ContentType = 'application/json' }
    ) {
        Set-HostileRoute $hostile -Method GET -Path /v1/instances/a1b2c3d4 -Status 400 -ContentType $ContentType -Bytes $bodies[$Key]
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $out = Get-AuraInstance -InstanceId a1b2c3d4 -Connection $hconn -ErrorVariable err -ErrorAction SilentlyContinue
        $ms = $sw.ElapsedMilliseconds
        $message = if ($err.Count) { $err[0].Exception.Message } else { '' }
        $gets = @($hostile.Log | Where-Object Method -EQ GET).Count
        $held = $err.Count -eq 1 -and (Get-ErrorId $err[0]) -eq 'AuraBadRequest' -and $ms -lt 20000 -and $message.Length -lt 4096 -and $gets -eq 1
        Add-Round2Row -Fault "R2-3: 400 with $Label ($($bodies[$Key].Length) bytes)" -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "$(@($err | ForEach-Object { Get-ErrorId $_ }) -join ', ') in $ms ms; message $($message.Length) chars" `
            -Invariants 'the error comes back (under 20 s); its message is bounded (under 4096 chars); a 400 is not retried' -Held $held

        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'AuraBadRequest'
        $message | Should -Match 'a-a-a-a-'
        $ms | Should -BeLessThan 20000 -Because 'a hang guard only: timings are noisy here'
        $message.Length | Should -BeLessThan 4096 -Because 'a hostile answer must not put megabytes into an error message (the console prints it all)'
        $gets | Should -Be 1
    }

    It 'Stop() ends a call that is reading a stalled 4 MB hostile body at once' {
        # 1 MB of the body, then nothing for 30 s (the request timeout is 100 s): only Stop() can end the call.
        Set-HostileRoute $hostile -Method GET -Path /v1/instances/a1b2c3d4 -Status 400 -ContentType 'text/plain' -Bytes $bodies['text/plain 4MB'] `
            -StallAfter 1MB -StallSeconds 30
        $run = Start-TrackedPowerShell -Arguments $modulePath, $hconn -Script {
            param($ModulePath, $Connection)
            Import-Module $ModulePath
            Get-AuraInstance -InstanceId a1b2c3d4 -Connection $Connection
        }
        $stalled = Wait-Until { @($hostile.Log | Where-Object { $_.PSObject.Properties['Stalled'] }).Count -gt 0 }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $run.PowerShell.Stop()
        $stopMs = $sw.ElapsedMilliseconds
        $state = $run.PowerShell.InvocationStateInfo.State
        $left = Wait-Until -TimeoutSec 10 { @($hostile.Log | Where-Object { $_.PSObject.Properties['ClientLeft'] -and $_.ClientLeft }).Count -gt 0 }
        $held = $stalled -and "$state" -eq 'Stopped' -and $stopMs -lt 5000 -and $left
        Add-Round2Row -Fault 'R2-3: Stop() while a 4 MB hostile body stalls after 1 MB' -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "state $state; Stop() took $stopMs ms; the server saw the client leave: $left" `
            -Invariants 'Stop() ends the call at once (under 5 s) and closes the connection' -Held $held

        $stalled | Should -BeTrue
        "$state" | Should -Be 'Stopped'
        $stopMs | Should -BeLessThan 5000
        $left | Should -BeTrue -Because 'the module closes the connection when it is stopped'
    }
}

Describe 'Item 4: one pacer per API host' {
    BeforeAll {
        # A fresh emulator (a new host for the module) without its own limiter. The variable sets the pace of a
        # loopback host when the host's first connection is made, for the whole process.
        $script:paceEmu = Start-AuraTestEmulator -ArgumentList '--rate-limit', '0'
        $script:paceSecret = ConvertTo-SecureString $paceEmu.ClientSecret -AsPlainText -Force
        $saved = [Environment]::GetEnvironmentVariable($paceVariable)
        [Environment]::SetEnvironmentVariable($paceVariable, '10')
        try {
            $script:paceA = Connect-Aura -ClientId $paceEmu.ClientId -ClientSecret $paceSecret -BaseUri $paceEmu.BaseUri -PassThru
            $script:paceB = Connect-Aura -ClientId $paceEmu.ClientId -ClientSecret $paceSecret -BaseUri $paceEmu.BaseUri -RequestsPerMinute 100 -PassThru
        }
        finally { [Environment]::SetEnvironmentVariable($paceVariable, $saved) }
    }

    AfterAll {
        if ($script:paceEmu) { Stop-AuraTestEmulator $script:paceEmu; $script:paceEmu = $null }
    }

    It '12 GETs alternating two connections to one host paced at 10 a minute: 10 are sent, the 11th waits for the shared window' {
        Clear-AuraEmulatorRequestLog $paceEmu
        $run = Start-TrackedPowerShell -Arguments $modulePath, $paceA, $paceB -Script {
            param($ModulePath, $A, $B)
            Import-Module $ModulePath
            $VerbosePreference = 'Continue'
            foreach ($n in 1..12) { Get-AuraInstance -InstanceId a1b2c3d4 -Connection $(if ($n % 2) { $A } else { $B }) }
        }
        Start-Sleep -Seconds 5
        $run.PowerShell.Stop()
        $state = $run.PowerShell.InvocationStateInfo.State
        $log = Read-AuraRequestLog $paceEmu
        $api = @(Get-ApiEntries $log)
        $verbose = @($run.PowerShell.Streams.Verbose | ForEach-Object Message)
        $waitLine = @($verbose | Where-Object { $_ -match 'to stay under 10 requests a minute' }) | Select-Object -First 1
        $held = $api.Count -eq 10 -and "$state" -eq 'Stopped' -and [bool]$waitLine
        Add-Round2Row -Fault 'R2-4: pace 10/min (NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE), 2 connections (default, -RequestsPerMinute 100), 12 GETs, stopped at 5 s' `
            -Requests (Get-AuraLogSummary $log) `
            -Outcome "$($api.Count) API requests sent in 5 s, $($run.PowerShell.Streams.Error.Count) errors, state $state; verbose: $(if ($waitLine) { "'$waitLine'" } else { 'no line about the wait' })" `
            -Invariants 'one window of 10 for the host, whatever each connection asks; the wait is announced' -Held $held

        $paceA | Should -Not -Be $paceB
        $api.Count | Should -Be 10 -Because 'both connections share the host''s 10-a-minute window; the 11th waits'
        @(Get-TokenEntries $log).Count | Should -Be 0
        "$state" | Should -Be 'Stopped'
        $run.PowerShell.Streams.Error | Should -BeNullOrEmpty
        $waitLine | Should -Not -BeNullOrEmpty -Because 'a call held by the pacer must say so while it waits (verbose)'
    }

    It 'Connect-Aura -RequestsPerMinute 121 is refused (ParameterArgumentValidationError) and sends nothing' {
        Clear-AuraEmulatorRequestLog $paceEmu
        $err = $null
        try { Connect-Aura -ClientId $paceEmu.ClientId -ClientSecret $paceSecret -BaseUri $paceEmu.BaseUri -RequestsPerMinute 121 } catch { $err = $_ }
        $log = Read-AuraRequestLog $paceEmu
        $held = $err -and (Get-ErrorId $err) -eq 'ParameterArgumentValidationError' -and $log.Count -eq 0
        Add-Round2Row -Fault 'R2-4: Connect-Aura -RequestsPerMinute 121' -Requests $(if ($log.Count) { Get-AuraLogSummary $log } else { 'none' }) `
            -Outcome "$(if ($err) { Get-ErrorId $err } else { 'accepted' })" -Invariants 'refused before anything is sent' -Held $held

        $err | Should -Not -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'ParameterArgumentValidationError'
        $log.Count | Should -Be 0
    }
}

Describe 'Item 5: loopback never goes through a proxy' {
    It 'a child pwsh whose HTTP_PROXY, HTTPS_PROXY and ALL_PROXY are the hostile server reaches the emulator directly; the proxy gets nothing' {
        Clear-HostileServer $hostile
        Clear-AuraEmulatorRequestLog $emu
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:AURA_TEST_MODULE
$secret = ConvertTo-SecureString $env:AURA_TEST_SECRET -AsPlainText -Force
Connect-Aura -ClientId $env:AURA_TEST_CLIENT -ClientSecret $secret -BaseUri $env:AURA_TEST_URI
'instance ' + (Get-AuraInstance -InstanceId a1b2c3d4).Id
# Control: an ordinary HttpClient with the default (environment) proxy, to the same loopback emulator: it goes to the proxy.
$client = [System.Net.Http.HttpClient]::new()
try { 'control ' + [int]$client.GetAsync($env:AURA_TEST_URI + '/_emulator/health').GetAwaiter().GetResult().StatusCode } catch { 'control failed' }
'@
        $names = 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'NO_PROXY', 'no_proxy',
        'AURA_TEST_MODULE', 'AURA_TEST_SECRET', 'AURA_TEST_CLIENT', 'AURA_TEST_URI'
        $saved = @{}
        foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
        try {
            foreach ($n in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy') { [Environment]::SetEnvironmentVariable($n, $hostile.BaseUri) }
            foreach ($n in 'NO_PROXY', 'no_proxy') { [Environment]::SetEnvironmentVariable($n, $null) }
            $env:AURA_TEST_MODULE = $modulePath; $env:AURA_TEST_SECRET = $emu.ClientSecret; $env:AURA_TEST_CLIENT = $emu.ClientId; $env:AURA_TEST_URI = $emu.BaseUri
            $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
            [string[]] $pwshArgs = if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { @([System.Reflection.Assembly]::GetEntryAssembly().Location) } else { @() }
            $lines = @(& $pwsh @pwshArgs -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })
        }
        finally { foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) } }
        $proxied = @($hostile.Log.ToArray())
        $module = @($proxied | Where-Object { $_.Path -eq '/oauth/token' -or $_.Path -like '/v1/*' })
        $basic = @($proxied | Where-Object { "$($_.Authorization)" -like 'Basic *' })
        $control = @($proxied | Where-Object { $_.Path -eq '/_emulator/health' })
        $log = Read-AuraRequestLog $emu
        $held = ($lines -contains 'instance a1b2c3d4') -and $module.Count -eq 0 -and $basic.Count -eq 0 -and $control.Count -ge 1
        Add-Round2Row -Fault 'R2-5: HTTP_PROXY/HTTPS_PROXY/ALL_PROXY = hostile server; Connect-Aura + Get-AuraInstance to http://127.0.0.1 (child pwsh)' `
            -Requests ("emulator: $(Get-AuraLogSummary $log) | proxy: $(Get-HostileLogSummary $hostile)") `
            -Outcome "$(@($lines | Where-Object { $_ -like 'instance *' }) -join ''); control HttpClient request went to the proxy: $($control.Count -ge 1)" `
            -Invariants "the proxy saw $($module.Count) of the module's requests and $($basic.Count) Basic headers" -Held $held

        $lines | Should -Contain 'instance a1b2c3d4'
        $control.Count | Should -BeGreaterOrEqual 1 -Because 'the control request proves that .NET would send loopback requests through this proxy'
        $module | Should -BeNullOrEmpty
        $basic | Should -BeNullOrEmpty -Because 'the Basic header carries the client secret'
        @(Get-TokenEntries $log).Count | Should -Be 1
        @($log | Where-Object { $_.path -eq '/v1/instances/a1b2c3d4' -and [int]$_.status -eq 200 }).Count | Should -Be 1
    }
}

Describe 'Item 6: secrets in CliXml and raw output (hostile answers)' {
    BeforeEach { Clear-HostileServer $hostile }

    It 'a create answer with secrets in every shape (<Shape>): none in CliXml, Select-Object *, JSON or Format-List of Invoke-AuraApi or New-AuraInstance output' -ForEach @(
        @{ Shape = 'password a number, pass\u0077ord an escaped key, db_pass, pwd, a URL with neo4j:pw@'
            Body = '{"data":{"id":"abcd1234","name":"r2-secrets","tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"gcp","region":"europe-west1","type":"enterprise-db","username":"neo4j","password":8675309123,"pass\u0077ord":"escaped-key-secret-42","db_pass":"dbpass-secret-77","pwd":"pwd-secret-99","connection_url":"neo4j+s://neo4j:urlSecret123@abcd1234.databases.neo4j.io"}}'
            Secrets = @('8675309123', 'escaped-key-secret-42', 'dbpass-secret-77', 'pwd-secret-99', 'urlSecret123')
            Passwords = @('8675309123', 'escaped-key-secret-42') }
        @{ Shape = 'only a number as the password; the escaped key and db_pass nested; a URL with neo4j:pw@ and a port'
            Body = '{"data":{"id":"abcd1234","name":"r2-secrets","username":"neo4j","password":8675309123,"extra":{"pass\u0077ord":"escaped-key-secret-43","db_pass":"dbpass-secret-78"},"pwd":"pwd-secret-98","connection_url":"neo4j://neo4j:urlSecret456@abcd1234.databases.neo4j.io:7687"}}'
            Secrets = @('8675309123', 'escaped-key-secret-43', 'dbpass-secret-78', 'pwd-secret-98', 'urlSecret456')
            Passwords = @('8675309123') }
    ) {
        Set-HostileRoute $hostile -Method GET -Path "/v1/tenants/$tenant" -Text $tenantJson
        Set-HostileRoute $hostile -Method POST -Path /v1/instances -Status 202 -Text $Body
        $api = Invoke-AuraApi -Method POST -Path /instances -Body @{ name = 'r2-secrets' } -Confirm:$false -Connection $hconn
        $new = New-AuraInstance -Name 'r2-secrets' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Connection $hconn
        $texts = [ordered]@{}
        foreach ($pair in @(@('Invoke-AuraApi', $api), @('New-AuraInstance', $new))) {
            $name, $object = $pair
            $file = Join-Path $work "$name.clixml"; $object | Export-Clixml -Path $file -Depth 5
            $texts["$name | Export-Clixml"] = Get-Content $file -Raw
            $file = Join-Path $work "$name.selected.clixml"; $object | Select-Object * | Export-Clixml -Path $file -Depth 5
            $texts["$name | Select-Object * | Export-Clixml"] = Get-Content $file -Raw
            $texts["$name | ConvertTo-Json -Depth 5"] = $object | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue
            $texts["$name | Format-List * | Out-String"] = $object | Format-List * -Force | Out-String -Width 500
        }
        $found = @(foreach ($k in $texts.Keys) { foreach ($f in Find-Secret $texts[$k] $Secrets) { "$k`: $f" } })
        $newPassword = if ($new.Credential) { Get-Password $new.Credential }
        $apiPassword = if ($api.password -and $api.password.PSObject.Methods['GetCredential']) { Get-Password $api.password.GetCredential() }
        $held = $found.Count -eq 0 -and $newPassword -in $Passwords -and $apiPassword -in $Passwords
        Add-Round2Row -Fault "R2-6: create answer with secrets ($Shape)" -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "$($texts.Count) outputs scanned for $($Secrets.Count) secrets: $(if ($found) { $found -join '; ' } else { 'none found' }); New-AuraInstance's Credential and Invoke-AuraApi's AuraSecret hold the password: $($newPassword -in $Passwords), $($apiPassword -in $Passwords)" `
            -Invariants 'no secret value in any serialised or formatted output; the one-time password only in the Credential/AuraSecret' -Held $held

        $found | Should -BeNullOrEmpty
        $newPassword | Should -BeIn $Passwords -Because 'the password must still reach the user, in the Credential'
        $apiPassword | Should -BeIn $Passwords
        @($hostile.Log | Where-Object Method -EQ POST | Where-Object Path -EQ '/v1/instances').Count | Should -Be 2
    }

    It 'a structured <Status> error that echoes the bearer token shows it nowhere: error, $Error, verbose, debug' -ForEach @(
        @{ Status = 400 }
        @{ Status = 401 }
    ) {
        Set-HostileRoute $hostile -Method GET -Path /v1/instances/a1b2c3d4 -Status $Status -Text '{"errors":[{"message":"token Bearer {TOKEN} rejected","reason":"hostile"}]}'
        $Error.Clear()
        $records = @(Get-AuraInstance -InstanceId a1b2c3d4 -Connection $hconn -Verbose -Debug *>&1)
        $echoed = @($hostile.Log | Where-Object { $_.Path -eq '/v1/instances/a1b2c3d4' -and $_.Authorization })
        $tokens = @($echoed | ForEach-Object { $_.Authorization -replace '^Bearer ', '' } | Select-Object -Unique)
        $text = (ConvertTo-ScanText $records) + "`n" + (ConvertTo-ScanText @($Error))
        $found = @(Find-Secret $text $tokens)
        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $held = $tokens.Count -ge 1 -and $found.Count -eq 0 -and $errors.Count -eq 1 -and $text -match 'Bearer \*\*\*'
        Add-Round2Row -Fault "R2-6: $Status {""errors"":[{""message"":""token Bearer <the token> rejected""}]}" -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "$(@($errors | ForEach-Object { Get-ErrorId $_ }) -join ', '); $($records.Count) records + `$Error scanned for the $($tokens.Count) token(s) sent: $(if ($found) { $found -join '; ' } else { 'none found' })" `
            -Invariants 'the echoed bearer token is masked in the error, $Error, verbose and debug' -Held $held

        $tokens.Count | Should -BeGreaterOrEqual 1
        $errors.Count | Should -Be 1
        $found | Should -BeNullOrEmpty
        $text | Should -Match 'token Bearer \*\*\* rejected' -Because 'the message itself is kept, only the token is masked'
        @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 0
    }

    It 'a non-JSON 200 body through Invoke-AuraApi without -Raw comes out masked, as with -Raw' {
        Set-HostileRoute $hostile -Method GET -Path /v1/plain -ContentType 'text/plain' -Text 'password=hunter2&token=abc'
        $plain = Invoke-AuraApi -Method GET -Path /plain -Connection $hconn
        $raw = Invoke-AuraApi -Method GET -Path /plain -Raw -Connection $hconn -WarningAction SilentlyContinue
        $held = "$plain" -notmatch 'hunter2' -and "$plain" -notmatch 'token=abc' -and "$plain" -eq "$raw"
        Add-Round2Row -Fault 'R2-6: text/plain 200 "password=hunter2&token=abc" through Invoke-AuraApi' -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "without -Raw: '$plain'; with -Raw: '$raw'" -Invariants 'masked without -Raw as with -Raw' -Held $held

        "$plain" | Should -Not -Match 'hunter2'
        "$plain" | Should -Not -Match 'token=abc'
        "$plain" | Should -BeExactly "$raw"
    }

    It 'a JSON 200 body echoing the bearer token and a URL password comes out masked through Invoke-AuraApi without -Raw, as with -Raw' {
        Set-HostileRoute $hostile -Method GET -Path /v1/echo -Text '{"data":{"note":"your token is {TOKEN}","url":"https://user:urlSecret789@example.test/x","name":"kept"}}'
        $object = Invoke-AuraApi -Method GET -Path /echo -Connection $hconn
        $raw = Invoke-AuraApi -Method GET -Path /echo -Raw -Connection $hconn -WarningAction SilentlyContinue
        $tokens = @($hostile.Log | Where-Object { $_.Path -eq '/v1/echo' } | ForEach-Object { $_.Authorization -replace '^Bearer ', '' } | Select-Object -Unique)
        $text = ($object | Format-List * -Force | Out-String -Width 500) + ($object | ConvertTo-Json -Depth 5)
        $found = @(Find-Secret $text (@($tokens) + 'urlSecret789'))
        $rawFound = @(Find-Secret "$raw" (@($tokens) + 'urlSecret789'))
        $held = $found.Count -eq 0 -and $rawFound.Count -eq 0 -and $object.name -eq 'kept'
        Add-Round2Row -Fault 'R2-6: JSON 200 whose strings echo the bearer token and a URL password, through Invoke-AuraApi' -Requests (Get-HostileLogSummary $hostile) `
            -Outcome ("without -Raw: the token in note $(if (Find-Secret "$($object.note)" $tokens) { 'SHOWN' } else { 'masked' }), the URL password $(if ("$($object.url)" -match 'urlSecret789') { 'SHOWN' } else { 'masked' }); " +
                "-Raw: $(if ($rawFound) { $rawFound -join '; ' } else { 'both masked' })") `
            -Invariants 'the objects are masked as -Raw masks the text' -Held $held

        $tokens.Count | Should -BeGreaterOrEqual 1
        $rawFound | Should -BeNullOrEmpty
        $found | Should -BeNullOrEmpty
        $object.name | Should -Be 'kept'
    }
}

Describe 'Item 7: a create answer that does not parse' {
    It 'truncated JSON after the id is reported as "may or may not have been created" with the id, the POST sent once' {
        Clear-HostileServer $hostile
        Set-HostileRoute $hostile -Method GET -Path "/v1/tenants/$tenant" -Text $tenantJson
        Set-HostileRoute $hostile -Method POST -Path /v1/instances -Status 202 -Text '{"data":{"id":"abcd1234","name":"x","password":'
        $out = New-AuraInstance -Name 'r2-truncated' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB `
            -Connection $hconn -ErrorVariable err -ErrorAction SilentlyContinue
        $posts = @($hostile.Log | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/instances' }).Count
        $message = if ($err.Count) { $err[0].Exception.Message } else { '' }
        $held = $err.Count -eq 1 -and $message -match 'may or may not have been created' -and $message -match 'abcd1234' -and $posts -eq 1
        Add-Round2Row -Fault 'R2-7: 202 create answer cut after the id ({"data":{"id":"abcd1234","name":"x","password":)' -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "$(@($err | ForEach-Object { Get-ErrorId $_ }) -join ', '): $($message.Substring(0, [Math]::Min(140, $message.Length)))..." `
            -Invariants 'says it may or may not have been created, names the id; POST sent once' -Held $held

        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -BeLike 'Aura*'
        $message | Should -Match 'may or may not have been created'
        $message | Should -Match 'abcd1234'
        $posts | Should -Be 1
    }
}

Describe 'Item 8: bad input and a hostile token' {
    It 'Get-AuraInstance -Name ''[abc'' is refused with an Aura* InvalidArgument error before any request' {
        Clear-AuraEmulatorRequestLog $emu
        $out = Get-AuraInstance -Name '[abc' -Connection $conn -ErrorVariable err -ErrorAction SilentlyContinue
        $log = Read-AuraRequestLog $emu
        $held = $err.Count -eq 1 -and (Get-ErrorId $err[0]) -like 'Aura*' -and "$($err[0].CategoryInfo.Category)" -eq 'InvalidArgument' -and $log.Count -eq 0
        Add-Round2Row -Fault 'R2-8: Get-AuraInstance -Name ''[abc''' -Requests $(if ($log.Count) { Get-AuraLogSummary $log } else { 'none' }) `
            -Outcome "$(@($err | ForEach-Object { "$(Get-ErrorId $_) ($($_.CategoryInfo.Category))" }) -join ', ')" -Invariants 'refused before anything is sent' -Held $held

        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -BeLike 'Aura*'
        "$($err[0].CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match '\[abc'
        $log.Count | Should -Be 0
    }

    It 'an access_token holding CR/LF gives a clear Aura* error (no FormatException), without the token in the message' {
        Clear-HostileServer $hostile
        Set-HostileRoute $hostile -Method POST -Path /oauth/token -Text ('{"access_token":"r2tokenAAAABBBBCCCC\r\nX-Injected: yes","token_type":"bearer","expires_in":3600}')
        $err = $null
        try { Connect-Aura -ClientId 'r2-crlf' -ClientSecret $hostileSecret -BaseUri $hostile.BaseUri } catch { $err = $_ }
        $chain = @(); $e = if ($err) { $err.Exception }; while ($e) { $chain += $e.GetType().FullName; $e = $e.InnerException }
        $text = if ($err) { ConvertTo-ScanText @($err) } else { '' }
        $held = $err -and (Get-ErrorId $err) -like 'Aura*' -and -not ($chain -match 'FormatException') -and $text -notmatch 'r2tokenAAAABBBBCCCC' -and
            @($hostile.Log | Where-Object Path -Like '/v1/*').Count -eq 0
        Add-Round2Row -Fault 'R2-8: token endpoint answers an access_token with CR/LF' -Requests (Get-HostileLogSummary $hostile) `
            -Outcome "$(if ($err) { "$(Get-ErrorId $err): $($err.Exception.Message)" } else { 'connected' })" `
            -Invariants 'a clear Aura* error, no FormatException, the token not in the message' -Held $held

        $err | Should -Not -BeNullOrEmpty
        Get-ErrorId $err | Should -BeLike 'Aura*'
        $chain | Should -Not -Contain 'System.FormatException'
        $err.Exception.Message | Should -Match 'access token'
        $text | Should -Not -Match 'r2tokenAAAABBBBCCCC'
        $text | Should -Not -Match 'X-Injected'
        @($hostile.Log | Where-Object Path -Like '/v1/*').Count | Should -Be 0
    }
}
